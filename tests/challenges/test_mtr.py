"""The MTR calculator's pure functions: reading districts, pairing them, the result."""

import pytest

from challenges import mtr


def test_the_gatineau_example_becomes_nine_mixed_districts_of_one_woman_and_one_man():
    districts = mtr.parse_text(mtr.GATINEAU_EXAMPLE)
    result = mtr.calculate(districts)

    assert (result.seats, result.women_before, result.men_before) == (18, 6, 12)
    assert len(result.mixed) == 9
    assert (result.women_after, result.men_after) == (9, 9)
    assert (result.women_percent_before, result.women_percent_after) == (33, 50)
    # Consecutive pairs, in the order of the list.
    assert result.mixed[0].name == "Gatineau 1 – Gatineau 2"
    assert result.mixed[-1].name == "Gatineau 17 – Gatineau 18"


def test_an_odd_number_of_districts_is_refused_with_the_count():
    with pytest.raises(mtr.MTRError) as error:
        mtr.calculate(mtr.parse_text("North, woman\nSouth, man\nEast, man"))
    assert "There are 3 districts: an odd number cannot be paired" in error.value.messages[0]


def test_genders_are_read_in_english_and_french_and_by_initial():
    text = "A, Woman\nB, m\nC, F\nD, homme\nE, femme\nF, MAN"
    genders = [d.gender for d in mtr.parse_text(text)]
    assert genders == ["woman", "man", "woman", "man", "woman", "man"]


def test_an_unknown_gender_names_its_line():
    with pytest.raises(mtr.MTRError) as error:
        mtr.parse_text("North, woman\nSouth, unknown")
    assert error.value.messages == [
        "Line 2: “unknown” is not a gender the calculator knows. Write woman or man "
        "(f/m and femme/homme work too)."
    ]


def test_a_line_without_a_gender_is_refused():
    with pytest.raises(mtr.MTRError) as error:
        mtr.parse_text("North, woman\nSouth")
    assert error.value.messages == ["Line 2: write the district, a comma, then woman or man."]


def test_an_empty_list_is_refused():
    with pytest.raises(mtr.MTRError) as error:
        mtr.parse_text("  \n\n")
    assert "empty" in error.value.messages[0]


def test_many_problems_are_summarised():
    text = "\n".join(f"D{n}, x" for n in range(9))
    with pytest.raises(mtr.MTRError) as error:
        mtr.parse_text(text)
    assert len(error.value.messages) == mtr.MAX_MESSAGES + 1
    assert error.value.messages[-1] == "… and 4 more problems."


def test_a_pair_with_column_chooses_the_partners_and_the_rest_pair_in_order():
    text = "A, woman, C\nB, man\nC, man\nD, woman"
    result = mtr.calculate(mtr.parse_text(text))
    assert [m.name for m in result.mixed] == ["A – C", "B – D"]
    assert (result.women_after, result.men_after) == (2, 2)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("A, woman, Z\nB, man", "“A” should pair with “Z”, which is not in the list."),
        ("A, woman, A\nB, man", "“A” cannot pair with itself."),
        ("A, woman, B\nB, man, C\nC, man\nD, woman", "“A” pairs with “B”, but “B” pairs with “C”."),
        (
            "A, woman, C\nB, man, C\nC, man\nD, woman",
            "“C” is already paired with another district.",
        ),
        ("A, woman\nA, man", "“A” is already on line 1. Each district once."),
    ],
)
def test_impossible_pairings_are_explained(text, message):
    with pytest.raises(mtr.MTRError) as error:
        mtr.calculate(mtr.parse_text(text))
    assert any(message in m for m in error.value.messages), error.value.messages


def test_a_csv_with_the_expected_columns_is_read():
    data = b"District name,Sitting member gender\nNorth,f\nSouth,homme\n"
    districts = mtr.parse_csv(data)
    assert [(d.name, d.gender) for d in districts] == [("North", "woman"), ("South", "man")]


def test_a_csv_with_semicolons_a_bom_and_a_pair_column_is_read():
    data = "\ufeffdistrict;gender;pair with\nA;woman;C\nB;man;\nC;man;\nD;woman;\n".encode()
    result = mtr.calculate(mtr.parse_csv(data))
    assert [m.name for m in result.mixed] == ["A – C", "B – D"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"district,member\nNorth,woman\n", "needs a “gender” column (woman or man)"),
        (b"name_of_place,gender\nNorth,woman\n", "needs a “district” column"),
        (b"district,gender\n", "The list is empty"),
        (b"district,gender\nNorth,other\n", "Line 2: “other” is not a gender"),
        ("district,gender\nNorth,woman\n".encode("utf-16"), "not UTF-8"),
        (b"district,gender\nSa\xefnt-Denis,woman\n", "not UTF-8"),
        (b"district,gender\n" + b"D,woman\n" * (mtr.MAX_DISTRICTS + 1), "Too many districts"),
        (b"x" * (mtr.MAX_UPLOAD_BYTES + 1), "The file is too large"),
    ],
)
def test_malformed_csv_files_get_a_clear_message(data, message):
    with pytest.raises(mtr.MTRError) as error:
        mtr.parse_csv(data)
    assert any(message in m for m in error.value.messages), error.value.messages
