"""Forms that act on one assessment (part B): start one, invite, review, override, note,
re-score. Flask-WTF, so each carries a CSRF token; the services check the meaning."""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from assessment.services.change_requests import MAX_COMMENT_LENGTH, MAX_MESSAGE_LENGTH
from assessment.services.disagreements import MAX_NOTE_LENGTH as MAX_RESOLUTION_NOTE
from assessment.services.invitations import MAX_TTL_DAYS
from assessment.services.notes import MAX_NOTE_LENGTH
from assessment.services.organisations import MAX_NAME_LENGTH
from assessment.services.overrides import MAX_JUSTIFICATION, MAX_TEXT, MAX_TITLE

COMMENT_PREFIX = "comment-"


class CheckboxesField(SelectMultipleField):  # type: ignore[misc]  # wtforms is untyped
    """Several choices as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class NewAssessmentForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    """Start an assessment of an organisation (new or existing, found by name)."""

    organisation = StringField(
        _l("Organisation"),
        validators=[
            DataRequired(_l("Enter the organisation's name.")),
            Length(
                max=MAX_NAME_LENGTH, message=_l("The name can have at most %(max)d characters.")
            ),
        ],
    )
    language = SelectField(_l("Questionnaire language"))
    show_summary = BooleanField(
        _l("Show respondents a short summary after they submit"), default=True
    )
    owner = SelectField(_l("Owner"), coerce=int, default=0)


class InvitationForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    """Invite a respondent for some areas (none ticked: every area) in one language."""

    respondent_name = StringField(
        _l("Respondent's name"),
        validators=[Optional(), Length(max=200, message=_l("At most %(max)d characters."))],
    )
    respondent_role = StringField(
        _l("Their role"),
        validators=[Optional(), Length(max=200, message=_l("At most %(max)d characters."))],
    )
    areas = CheckboxesField(_l("Areas"))
    language = SelectField(_l("Language"))
    lead = BooleanField(_l("Lead respondent"))
    ttl_days = IntegerField(
        _l("Link valid for (days)"),
        default=30,
        validators=[
            InputRequired(_l("Enter a number of days.")),
            NumberRange(1, MAX_TTL_DAYS, _l("Enter a number of days from %(min)s to %(max)s.")),
        ],
    )


class ResolveDisagreementForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    """Decide a disagreement between respondents: keep the answer given or adopt the other."""

    choice = RadioField(
        _l("Which answer applies?"),
        choices=[SelectChoice("keep", _l("Keep the answer given")),
                 SelectChoice("adopt", _l("Adopt the other answer"))],
        validators=[InputRequired(_l("Choose which answer applies."))],
    )
    note = TextAreaField(
        _l("Note (optional)"),
        validators=[Optional(), Length(max=MAX_RESOLUTION_NOTE, message=_l(
            "The note can have at most %(max)d characters."))],
    )


class ReasonForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    """Withdraw an approval: the reason is required."""

    reason = TextAreaField(
        _l("Why is the approval withdrawn?"),
        validators=[
            DataRequired(_l("Say why the approval is withdrawn.")),
            Length(max=MAX_MESSAGE_LENGTH),
        ],
    )


class ChangesForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    """Request changes: a message and one comment field per question (``comment-<id>``)."""

    message = TextAreaField(
        _l("Message to the respondents (optional)"),
        validators=[Optional(), Length(max=MAX_MESSAGE_LENGTH)],
    )

    def comments(self, formdata: Mapping[str, str]) -> dict[str, str]:
        """Question id -> comment text, from the posted ``comment-<question id>`` fields."""
        return {
            key[len(COMMENT_PREFIX) :]: value[: MAX_COMMENT_LENGTH + 1]
            for key, value in formdata.items()
            if key.startswith(COMMENT_PREFIX)
        }


class OverrideForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    """Change a finding's severity or dismiss it, with a justification."""

    action = RadioField(
        _l("What should happen to this finding?"),
        choices=[
            SelectChoice("severity", _l("Give it another severity")),
            SelectChoice("dismiss", _l("Dismiss it: leave it out of the reviewed result")),
        ],
        validators=[InputRequired(_l("Choose what should happen to the finding."))],
    )
    severity = SelectField(_l("New severity"), validate_choice=False)
    justification = TextAreaField(
        _l("Justification"),
        validators=[
            DataRequired(_l("Give a justification: it is kept with the override.")),
            Length(max=MAX_JUSTIFICATION),
        ],
    )


class AddFindingForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    """A finding of the consultant's own."""

    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Enter a title.")), Length(max=MAX_TITLE)]
    )
    area = SelectField(_l("Area"))
    severity = SelectField(_l("Severity"))
    explanation = TextAreaField(
        _l("Why it matters"),
        validators=[DataRequired(_l("Explain why it matters.")), Length(max=MAX_TEXT)],
    )
    recommendation = TextAreaField(
        _l("Recommendation"),
        validators=[DataRequired(_l("Say what to do about it.")), Length(max=MAX_TEXT)],
    )
    owner = SelectField(_l("Owner role"))
    effort = SelectField(_l("Effort"))
    sources = CheckboxesField(_l("Sources (optional)"))
    justification = TextAreaField(
        _l("Justification"),
        validators=[
            DataRequired(_l("Give a justification: it is kept with the override.")),
            Length(max=MAX_JUSTIFICATION),
        ],
    )


class NoteForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    """A note on the assessment, or on a finding (``rule_id``)."""

    body = TextAreaField(
        _l("Note"),
        validators=[DataRequired(_l("Write the note first.")), Length(max=MAX_NOTE_LENGTH)],
    )
    rule_id = HiddenField()
    in_report = BooleanField(_l("Print this note with the finding in the client report"))


class RescoreForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    """Apply the previewed re-score (``token`` identifies what was previewed)."""

    token = HiddenField(validators=[DataRequired()])
