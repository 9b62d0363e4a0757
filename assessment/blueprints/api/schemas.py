"""The API's documents as pydantic models: what each route reads and answers.

spectree reads these to validate requests and responses and to write the OpenAPI 3.1
document (``spec.py``). Field descriptions end up in the reference, so they say what a
CRM integrator needs to know. Request models forbid unknown fields: a misspelt field is an
error that names it, not a silently ignored value.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel

Language = Literal["en", "nl", "fr", "sv"]
Status = Literal["invited", "in_progress", "submitted", "in_review", "changes_requested",
                 "approved"]
Edition = Literal["full", "executive"]


class Strict(BaseModel):
    """A request body: unknown fields are refused by name."""

    model_config = ConfigDict(extra="forbid")


# --- problems (RFC 9457) -----------------------------------------------------------------


class FieldError(BaseModel):
    """One thing wrong with the request."""

    field: str = Field(description="Where: a body field, query parameter or question id.")
    message: str = Field(description="What is wrong, in words a person can act on.")


class Problem(BaseModel):
    """An error as RFC 9457 problem details (``application/problem+json``)."""

    type: str = Field(description="A URI naming the kind of problem.")
    title: str = Field(description="The kind of problem, in English.")
    status: int = Field(description="The HTTP status code.")
    detail: str = Field(description="This occurrence, in the language the client asked for "
                                    "(Accept-Language: en, nl, fr or sv).")
    instance: str | None = Field(default=None, description="The request path.")
    errors: list[FieldError] | None = Field(default=None,
                                            description="Each invalid field, when there are any.")


# --- organisations -----------------------------------------------------------------------


class Organisation(BaseModel):
    """A client organisation."""

    id: int
    name: str
    created_at: datetime | None = None
    url: str = Field(description="This organisation in the API.")


class OrganisationPage(BaseModel):
    """A page of organisations, by name."""

    items: list[Organisation]
    total: int
    page: int
    pages: int


class OrganisationIn(Strict):
    """A new organisation."""

    name: str = Field(min_length=1, max_length=200, description="Its name, as the client "
                                                                "writes it.")


class PageQuery(Strict):
    """Which page."""

    page: int = Field(default=1, ge=1, le=100_000)


# --- assessments -------------------------------------------------------------------------


class AssessmentQuery(Strict):
    """The dashboard's list filters (repeat ``status`` for several)."""

    q: str | None = Field(default=None, max_length=200,
                          description="Organisation name or id; case and accents ignored.")
    status: list[Status] | None = Field(default=None, description="Any of these statuses.")
    band: Literal["red", "amber", "green", "none"] | None = None
    risk: str | None = Field(default=None, max_length=60,
                             description="An area id, or 'any', for assessments at risk there.")
    sort: Literal["activity", "organisation", "progress", "score", "created"] | None = None
    dir: Literal["asc", "desc"] | None = None
    page: int = Field(default=1, ge=1, le=100_000)
    per_page: Literal[10, 25, 50, 100] = 25


class AssessmentIn(Strict):
    """A new assessment of an organisation, on the newest questionnaire."""

    organisation_id: int = Field(ge=1, le=2**31 - 1)
    language: Language = Field(default="en", description="The client's language.")
    owner_email: str | None = Field(default=None, max_length=254,
                                    description="Admins only: the consultant who owns it.")


class AreaScore(BaseModel):
    """One area: score (0–100), band, maturity level and how sure the score is."""

    id: str
    score: int | None
    band: str | None
    level: int | None
    confidence: float | None = Field(description="Answered share of the applicable "
                                                 "questions, 0–1.")
    answered: int
    applicable: int
    progress: float | None = Field(default=None, description="Share answered so far, 0–1.")


class Scores(BaseModel):
    """The reviewed result's scores."""

    overall_score: int | None
    overall_band: str | None
    overall_level: int | None
    areas: list[AreaScore]


class Finding(BaseModel):
    """A finding as reviewed: what the report shows (dismissed ones flagged)."""

    id: str
    area: str
    severity: str
    original_severity: str | None = Field(description="The rule's severity, when a "
                                                      "consultant changed it.")
    dismissed: bool
    added: bool = Field(description="Added by a consultant rather than raised by a rule.")
    title: str
    explanation: str
    recommendation: str
    owner: str
    effort: str
    sources: list[str] = Field(description="Best-practice references (KS-1 …).")
    note: str | None = None


class Disagreement(BaseModel):
    """Respondents answered one question differently; not yet settled."""

    question_id: str
    standing_value: Any = None
    standing_by: str | None = None
    other_value: Any = None
    other_by: str | None = None


class Versions(BaseModel):
    """What the assessment is pinned to."""

    questionnaire_id: str
    questionnaire_version: str
    rules_version: str


class Links(BaseModel):
    """Where to go next."""

    self: str
    answers: str
    invitations: str
    report_full: str
    report_executive: str


class AssessmentSummary(BaseModel):
    """One assessment in a list."""

    id: int
    organisation: str
    organisation_id: int
    status: Status
    progress: float
    overall_score: int | None
    overall_band: str | None
    created_at: datetime
    last_activity_at: datetime
    finding_counts: dict[str, int] | None
    url: str


class AssessmentPage(BaseModel):
    """A page of assessments."""

    items: list[AssessmentSummary]
    total: int
    page: int
    pages: int
    per_page: int


class Assessment(BaseModel):
    """An assessment and its reviewed result (``scores`` and ``findings`` are null until
    it is scored)."""

    id: int
    organisation: Organisation
    status: Status
    language: str
    versions: Versions
    created_at: datetime
    scored_at: datetime | None
    approved_at: datetime | None
    due_date: date | None
    progress: float
    scores: Scores | None
    findings: list[Finding] | None
    disagreements: list[Disagreement]
    links: Links


# --- invitations -------------------------------------------------------------------------


class InvitationIn(Strict):
    """A respondent to invite."""

    respondent_name: str | None = Field(default=None, max_length=120)
    respondent_role: str | None = Field(default=None, max_length=120)
    areas: list[str] | None = Field(default=None, max_length=10,
                                    description="Area ids; none: every area.")
    language: Language | None = Field(default=None, description="Default: the assessment's.")
    lead: bool = Field(default=False, description="Answers the profile questions.")
    email: str | None = Field(default=None, max_length=254,
                              description="E-mail the link there (never shown again).")
    ttl_days: int | None = Field(default=None, ge=1, le=365)


class Invitation(BaseModel):
    """An invitation to answer some areas."""

    id: int
    respondent: str
    areas: list[str] | None
    language: str
    lead: bool
    email: str | None
    created_at: datetime
    expires_at: datetime
    opened: bool
    submitted_at: datetime | None
    revoked_at: datetime | None


class CreatedInvitation(Invitation):
    """A new invitation; ``link`` is shown this once (null when it was e-mailed)."""

    link: str | None


class InvitationList(RootModel[list[Invitation]]):
    """Every invitation of the assessment, oldest first."""


# --- answers -----------------------------------------------------------------------------


class Answer(BaseModel):
    """One stored answer."""

    question_id: str
    value: Any = None
    answered_by: str | None
    updated_at: datetime
    version: int


class Answers(BaseModel):
    """The assessment's stored answers."""

    questionnaire_id: str
    questionnaire_version: str
    answers: list[Answer]


class AnswersIn(Strict):
    """A complete set of answers, as ``assessment score`` reads it."""

    answers: dict[str, Any] = Field(description="Question id → value, as the questionnaire "
                                                "defines it (checked by the engine).")


# --- review ------------------------------------------------------------------------------


class ChangesIn(Strict):
    """Ask the respondents to look again at some answers."""

    comments: dict[str, str] = Field(min_length=1, max_length=100,
                                     description="Question id → what to look at again.")


class Nothing(Strict):
    """No fields."""


# --- reports -----------------------------------------------------------------------------


class ReportQuery(Strict):
    """Which report."""

    edition: Edition = "full"
    lang: Language | None = Field(default=None, description="Default: the assessment's.")


class ReportStatus(BaseModel):
    """Where a report's preparation stands."""

    state: Literal["queued", "rendering", "ready", "failed"]
    download_url: str | None
    error: str | None
    retry_after: int | None = Field(default=None, description="Seconds to wait before "
                                                              "asking again.")
