def follows_clear(*, citizen) -> None:
    pass
