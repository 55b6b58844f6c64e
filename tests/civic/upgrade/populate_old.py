"""Give a row to every model the demo leaves empty, at the pre-reshape commit (5284b38).

Not a test module and not importable from today's code: ``make_fixture.sh`` pipes it into
``manage.py shell`` inside a checkout of 5284b38, after ``load_demo``. It writes through
that commit's services where one exists (so the rows, their events, notifications and
audit entries are what a citizen's clicks made) and through the ORM for what no service
wrote then (permission grants, admin log entries, API tokens, sessions).

What it adds matters to the upgrade test (test_upgrade.py): rows of every model that moved
apps (a comment on a contribution, flags, a hidden comment and its audit entry), foreign
keys to content types (admin log entries on moved models, permissions granted on them to a
citizen and to a group) and a staff citizen who is not a superuser (civic 0004 puts them
in the "Platform staff" group).
"""

from datetime import timedelta

from allauth.account.models import EmailAddress, EmailConfirmation
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from challenges import competences_services
from challenges import services as challenge_services
from challenges.models import Challenge, Competence, Practice
from chapters import services as chapter_services
from chapters.models import Chapter, Membership
from civic.models import Citizen
from jurisdictions.demo import resolve
from notifications import services as notification_services
from notifications.selectors import _audience
from proposals import services
from proposals.models import AuditEntry, Comment, Consultation, Contribution, Proposal

with transaction.atomic():
    people = {c.email.split("@")[0]: c for c in Citizen.objects.all()}
    camille, lucas, aicha = people["citizen"], people["lucas"], people["aicha"]
    paris_dm, organiser, admin = people["paris"], people["organiser"], people["admin"]
    paris = resolve("city:FR-IDF:Paris")

    # Discussions: a comment on a contribution, flagged, then hidden by the decision maker
    # (its flag dismissed, an audit entry and an event); an open flag on a contribution.
    consultation = Consultation.objects.get()
    first, second = Contribution.objects.filter(consultation=consultation).order_by("pk")
    on_contribution = services.comment_post(
        author=lucas,
        text="A delivery lane also helps the market on Thursdays.",
        contribution=first,
    )
    services.flag_add(citizen=camille, reason="off_topic", comment=on_contribution)
    services.content_hide(
        actor=paris_dm, reason="Off topic: the market has its own consultation.",
        comment=on_contribution,
    )  # fmt: skip
    services.flag_add(
        citizen=lucas, reason="misinformation", details="Trees are planned already.",
        contribution=second,
    )  # fmt: skip

    # Chapters: the pending request is approved; the organiser says they will come.
    chapter = Chapter.objects.get(space=paris)
    chapter_services.membership_approve(
        actor=organiser, membership=Membership.objects.get(chapter=chapter, citizen=camille)
    )
    now = timezone.now()
    meeting = chapter_services.meeting_create(
        actor=organiser,
        chapter=chapter,
        title="Study circle: school streets",
        starts_at=now + timedelta(days=10),
        ends_at=now + timedelta(days=10, hours=2),
        place="Maison des associations, Paris 11e",
        capacity=12,
    )
    chapter_services.rsvp_add(citizen=camille, meeting=meeting)

    # Challenges: an assessment, a follow, a chapter taking part, a place implementing it.
    practice = Practice.objects.order_by("pk").first()
    challenge_services.assessment_save(
        practice=practice, citizen=camille, rating_citizens=2, rating_collectivities=1,
        rating_governments=0, freedom="yes", comment="Parity worked in our council.",
    )  # fmt: skip
    challenge = Challenge.objects.get(practice=practice)
    challenge_services.challenge_follow(challenge=challenge, citizen=camille)
    challenge_services.challenge_join(chapter=chapter, challenge=challenge, actor=organiser)
    challenge_services.practice_add_place(practice=practice, place=paris, actor=admin)

    # Competences: a lesson read, a quiz passed, a self-assessment.
    competence = Competence.objects.published().filter(questions__isnull=False).first()
    competences_services.lesson_mark_read(citizen=camille, competence=competence)
    answers = [
        (question.pk, [c.pk for c in question.choices.all() if c.is_correct])
        for question in competence.questions.all()
    ]
    competences_services.quiz_submit(citizen=camille, competence=competence, answers=answers)
    competences_services.self_assessment_save(citizen=camille, competence=competence, level=3)

    # Notifications: a digest choice, a preference, an audience event marked read.
    notification_services.digest_set(citizen=camille, frequency="weekly")
    notification_services.preference_set(
        citizen=camille, kind="comment.replied", channel="email", enabled=False
    )
    audience_event = _audience(camille, []).order_by("pk").first()
    notification_services.notification_mark_read(citizen=camille, event_id=audience_event.pk)

    # Accounts: a staff member who is not a superuser, an unconfirmed address, a token, a
    # session.
    staff = Citizen.objects.create_user(
        email="moderation@civic.localhost", password="civic-demo", display_name="Léa Moreau"
    )
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    address = EmailAddress.objects.create(
        user=staff, email=staff.email, verified=False, primary=True
    )
    EmailConfirmation.create(address)
    Token.objects.create(user=camille)
    session = SessionStore()
    session["_auth_user_id"] = str(camille.pk)
    session.create()

    # Grants and admin history on models that moved apps (content type foreign keys).
    moderators = Group.objects.create(name="Moderators")
    moderators.permissions.add(
        Permission.objects.get(content_type__app_label="proposals", codename="change_comment"),
        Permission.objects.get(content_type__app_label="proposals", codename="change_flag"),
    )
    staff.groups.add(moderators)
    staff.user_permissions.add(
        Permission.objects.get(content_type__app_label="proposals", codename="change_consultation"),
        Permission.objects.get(content_type__app_label="proposals", codename="view_auditentry"),
    )
    for obj, message in [
        (consultation, "Changed the closing date."),
        (on_contribution, "Checked the hidden comment."),
        (AuditEntry.objects.order_by("pk").first(), "Exported the entry."),
        (Proposal.objects.order_by("pk").first(), "Fixed a typo in the title."),
    ]:
        LogEntry.objects.create(
            user=admin,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            object_repr=str(obj)[:200],
            action_flag=CHANGE,
            change_message=message,
        )

print(f"populated: {Comment.objects.count()} comments")  # noqa: T201
