"""The words of each e-mail, in English, Dutch, French and Swedish.

Each kind has a subject, paragraphs and the label of its one link; ``{organisation}``,
``{respondent}`` and ``{count}`` are filled in (escaped by the HTML template). Kept as data
beside the templates (templates/mail/) rather than in the page catalogues: a message's
language is its recipient's, not the page's.
"""

from __future__ import annotations

from typing import Any

LANGUAGES = ("en", "nl", "fr", "sv")

COMMON = {
    "en": {"hello": "Hello {respondent},", "hello_staff": "Hello,",
           "sign": "Commerce readiness assessment",
           "why": "You receive this message because of your part in the assessment of "
                  "{organisation}.",
           "prefs": "You can choose which notifications you receive on your account page."},
    "nl": {"hello": "Beste {respondent},", "hello_staff": "Hallo,",
           "sign": "Assessment e-commercegereedheid",
           "why": "U ontvangt dit bericht vanwege uw rol in het assessment van {organisation}.",
           "prefs": "Op uw accountpagina kiest u welke meldingen u ontvangt."},
    "fr": {"hello": "Bonjour {respondent},", "hello_staff": "Bonjour,",
           "sign": "Diagnostic de préparation e-commerce",
           "why": "Vous recevez ce message en raison de votre rôle dans l’évaluation de "
                  "{organisation}.",
           "prefs": "Vous pouvez choisir les notifications que vous recevez sur la page de "
                    "votre compte."},
    "sv": {"hello": "Hej {respondent}!", "hello_staff": "Hej!",
           "sign": "Bedömning av e-handelsberedskap",
           "why": "Du får det här meddelandet på grund av din roll i bedömningen av "
                  "{organisation}.",
           "prefs": "På din kontosida väljer du vilka aviseringar du vill få."},
}

TEXTS: dict[str, dict[str, dict[str, Any]]] = {
    "invitation": {
        "en": {"subject": "Your invitation: commerce readiness assessment of {organisation}",
               "body": ["You are invited to answer the commerce readiness questionnaire for "
                        "{organisation}. It takes about 30 minutes; your answers are saved as "
                        "you go, so you can stop and continue later with the same link.",
                        "The link is personal: please do not forward it."],
               "action": "Open the questionnaire"},
        "nl": {"subject": "Uw uitnodiging: assessment e-commercegereedheid van {organisation}",
               "body": ["U bent uitgenodigd om de vragenlijst over de e-commercegereedheid van "
                        "{organisation} in te vullen. Dat kost ongeveer 30 minuten; uw antwoorden "
                        "worden onderweg bewaard, dus u kunt stoppen en later verdergaan met "
                        "dezelfde link.",
                        "De link is persoonlijk: stuur hem niet door."],
               "action": "Open de vragenlijst"},
        "fr": {"subject": "Votre invitation : diagnostic de préparation e-commerce de "
                          "{organisation}",
               "body": ["Vous êtes invité(e) à répondre au questionnaire de préparation e-commerce "
                        "de {organisation}. Comptez environ 30 minutes ; vos réponses sont "
                        "enregistrées au fur et à mesure : vous pouvez vous arrêter et reprendre "
                        "plus tard avec le même lien.",
                        "Ce lien est personnel : merci de ne pas le transférer."],
               "action": "Ouvrir le questionnaire"},
        "sv": {"subject": "Din inbjudan: bedömning av e-handelsberedskap för {organisation}",
               "body": ["Du är inbjuden att besvara frågeformuläret om e-handelsberedskap för "
                        "{organisation}. Det tar ungefär 30 minuter. Dina svar sparas löpande, "
                        "så du kan avbryta och fortsätta senare med samma länk.",
                        "Länken är personlig – vidarebefordra den inte."],
               "action": "Öppna frågeformuläret"},
    },
    "reminder": {
        "en": {"subject": "Reminder: your part of the assessment of {organisation}",
               "body": ["Your part of the commerce readiness questionnaire for {organisation} "
                        "is not finished yet. Your answers so far are saved: the link takes "
                        "you back to where you were."],
               "action": "Continue the questionnaire"},
        "nl": {"subject": "Herinnering: uw deel van het assessment van {organisation}",
               "body": ["Uw deel van de vragenlijst over de e-commercegereedheid van "
                        "{organisation} is nog niet af. Uw antwoorden tot nu toe zijn bewaard: "
                        "met de link gaat u verder waar u gebleven was."],
               "action": "Ga verder met de vragenlijst"},
        "fr": {"subject": "Rappel : votre partie de l’évaluation de {organisation}",
               "body": ["Votre partie du questionnaire de préparation e-commerce de {organisation} "
                        "n’est pas encore terminée. Vos réponses sont enregistrées : le lien "
                        "vous ramène là où vous en étiez."],
               "action": "Reprendre le questionnaire"},
        "sv": {"subject": "Påminnelse: din del av bedömningen av {organisation}",
               "body": ["Din del av frågeformuläret om e-handelsberedskap för {organisation} är "
                        "inte klar än. Dina svar hittills är sparade – länken tar dig tillbaka "
                        "dit du slutade."],
               "action": "Fortsätt med frågeformuläret"},
    },
    "changes_requested": {
        "en": {"subject": "Please review some answers: assessment of {organisation}",
               "body": ["The consultant reviewing the assessment of {organisation} asks you "
                        "to look again at {count} of your answers. Their comments are shown "
                        "beside the questions concerned."],
               "action": "See the comments"},
        "nl": {"subject": "Wilt u enkele antwoorden nakijken? Assessment van {organisation}",
               "body": ["De consultant die het assessment van {organisation} beoordeelt, "
                        "vraagt u {count} van uw antwoorden opnieuw te bekijken. De opmerkingen "
                        "staan bij de betreffende vragen."],
               "action": "Bekijk de opmerkingen"},
        "fr": {"subject": "Merci de revoir quelques réponses : évaluation de {organisation}",
               "body": ["Le consultant qui examine l’évaluation de {organisation} vous demande "
                        "de revoir {count} de vos réponses. Ses commentaires figurent à côté "
                        "des questions concernées."],
               "action": "Voir les commentaires"},
        "sv": {"subject": "Se över några svar: bedömningen av {organisation}",
               "body": ["Konsulten som granskar bedömningen av {organisation} ber dig se över "
                        "{count} av dina svar. Kommentarerna visas vid respektive fråga."],
               "action": "Visa kommentarerna"},
    },
    "submitted": {
        "en": {"subject": "{respondent} submitted their answers: {organisation}",
               "body": ["{respondent} has submitted their part of the assessment of "
                        "{organisation}."],
               "action": "Open the assessment"},
        "nl": {"subject": "{respondent} heeft de antwoorden ingediend: {organisation}",
               "body": ["{respondent} heeft zijn of haar deel van het assessment van "
                        "{organisation} ingediend."],
               "action": "Open het assessment"},
        "fr": {"subject": "{respondent} a envoyé ses réponses : {organisation}",
               "body": ["{respondent} a envoyé sa partie de l’évaluation de {organisation}."],
               "action": "Ouvrir l’évaluation"},
        "sv": {"subject": "{respondent} har skickat in sina svar: {organisation}",
               "body": ["{respondent} har skickat in sin del av bedömningen av "
                        "{organisation}."],
               "action": "Öppna bedömningen"},
    },
    "imported": {  # a submission without a respondent: answers imported through the API
        "en": {"subject": "Answers imported and submitted: {organisation}",
               "body": ["A complete set of answers to the assessment of {organisation} was "
                        "imported through the API. The assessment is submitted and scored, "
                        "ready for your review."],
               "action": "Review the assessment"},
        "nl": {"subject": "Antwoorden geïmporteerd en ingediend: {organisation}",
               "body": ["Via de API is een volledige set antwoorden voor het assessment van "
                        "{organisation} geïmporteerd. Het assessment is ingediend en gescoord "
                        "en staat klaar voor uw beoordeling."],
               "action": "Beoordeel het assessment"},
        "fr": {"subject": "Réponses importées et envoyées : {organisation}",
               "body": ["Un jeu complet de réponses à l’évaluation de {organisation} a été "
                        "importé par l’API. L’évaluation est envoyée et notée ; elle attend "
                        "votre examen."],
               "action": "Examiner l’évaluation"},
        "sv": {"subject": "Svar importerade och inskickade: {organisation}",
               "body": ["En fullständig uppsättning svar för bedömningen av {organisation} "
                        "har importerats via API:t. Bedömningen är inskickad och poängsatt och "
                        "väntar på din granskning."],
               "action": "Granska bedömningen"},
    },
    "changes_answered": {
        "en": {"subject": "Requested changes answered: {organisation}",
               "body": ["{respondent} has answered the changes you requested in the "
                        "assessment of {organisation}."],
               "action": "Review the answers"},
        "nl": {"subject": "Gevraagde wijzigingen beantwoord: {organisation}",
               "body": ["{respondent} heeft de wijzigingen beantwoord die u in het assessment "
                        "van {organisation} had gevraagd."],
               "action": "Bekijk de antwoorden"},
        "fr": {"subject": "Modifications demandées traitées : {organisation}",
               "body": ["{respondent} a répondu aux modifications que vous avez demandées dans "
                        "l’évaluation de {organisation}."],
               "action": "Examiner les réponses"},
        "sv": {"subject": "Begärda ändringar besvarade: {organisation}",
               "body": ["{respondent} har besvarat de ändringar du begärde i bedömningen av "
                        "{organisation}."],
               "action": "Granska svaren"},
    },
    "approved": {
        "en": {"subject": "Report approved: {organisation}",
               "body": ["The report of the assessment of {organisation} has been approved "
                        "and can now be handed to the client."],
               "action": "See the approved reports"},
        "nl": {"subject": "Rapport goedgekeurd: {organisation}",
               "body": ["Het rapport van het assessment van {organisation} is goedgekeurd en "
                        "kan nu aan de klant worden overhandigd."],
               "action": "Bekijk de goedgekeurde rapporten"},
        "fr": {"subject": "Rapport approuvé : {organisation}",
               "body": ["Le rapport de l’évaluation de {organisation} a été approuvé et peut "
                        "désormais être remis au client."],
               "action": "Voir les rapports approuvés"},
        "sv": {"subject": "Rapporten är godkänd: {organisation}",
               "body": ["Rapporten från bedömningen av {organisation} är godkänd och kan nu "
                        "lämnas till kunden."],
               "action": "Visa godkända rapporter"},
    },
    "rescored": {
        "en": {"subject": "Re-scored: the approval of {organisation} is withdrawn",
               "body": ["The assessment of {organisation} was re-scored on a newer version of "
                        "the questionnaire, which withdrew its approval. It is back in review.",
                        "Sales still hand out the report approved before, until you approve "
                        "the re-scored result; its reports then replace the old ones."],
               "action": "Review the re-scored result"},
        "nl": {"subject": "Herberekend: goedkeuring van {organisation} ingetrokken",
               "body": ["Het assessment van {organisation} is herberekend op een nieuwere "
                        "versie van de vragenlijst, waardoor de goedkeuring is ingetrokken. Het "
                        "ligt weer ter beoordeling.",
                        "Sales blijven het eerder goedgekeurde rapport uitreiken totdat u het "
                        "nieuwe resultaat goedkeurt; de nieuwe rapporten vervangen het dan."],
               "action": "Beoordeel het herberekende resultaat"},
        "fr": {"subject": "Évaluation recalculée : l’approbation de {organisation} est retirée",
               "body": ["L’évaluation de {organisation} a été recalculée sur une version plus "
                        "récente du questionnaire, ce qui a retiré son approbation. Elle est de "
                        "nouveau en revue.",
                        "Les commerciaux continuent de remettre le rapport approuvé "
                        "précédemment jusqu’à ce que vous approuviez le nouveau résultat ; ses "
                        "rapports remplaceront alors l’ancien."],
               "action": "Examiner le nouveau résultat"},
        "sv": {"subject": "Omräknad: godkännandet av {organisation} är återkallat",
               "body": ["Bedömningen av {organisation} har räknats om enligt en nyare "
                        "version av frågeformuläret, och godkännandet har därför återkallats. "
                        "Den granskas nu på nytt.",
                        "Säljarna lämnar fortfarande ut den tidigare godkända rapporten tills du "
                        "godkänner det nya resultatet; dess rapporter ersätter då den gamla."],
               "action": "Granska det nya resultatet"},
    },
}

IMPORTED = "imported"  # the words of a submission imported through the API (kind submitted)
STAFF_KINDS = frozenset({"submitted", IMPORTED, "changes_answered", "approved", "rescored"})


def words(kind: str, language: str, **values: Any) -> dict[str, Any]:
    """The subject, greeting, paragraphs, link label and footer of one message."""
    language = language if language in LANGUAGES else "en"
    text = TEXTS[kind][language]
    common = COMMON[language]
    staff = kind in STAFF_KINDS
    fill = {"organisation": values.get("organisation") or "",
            "respondent": values.get("respondent") or "", "count": values.get("count", 0)}
    greeting = common["hello"] if not staff and fill["respondent"] else common["hello_staff"]
    if not staff and not fill["respondent"]:
        greeting = common["hello_staff"]
    return {
        "subject": text["subject"].format(**fill),
        "greeting": greeting.format(**fill),
        "paragraphs": [paragraph.format(**fill) for paragraph in text["body"]],
        "action": text["action"],
        "footer": [common["why"].format(**fill), *([common["prefs"]] if staff else [])],
        "signature": common["sign"],
        "language": language,
    }
