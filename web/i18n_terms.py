"""
English words that reach reader pages from Python constants, listed for translation.

The tier headings, register and audience labels, urgency headings, review-status words and
disclaimers are defined in the domain modules (articles.content, articles.presentation,
accounts.audiences, review.publication), where they are also the markers of the canonical
text format and the English wording tests hold them to. They stay plain English there; the
templates translate them as they print them (`{% translate tier.heading %}`), which works
for any value that is a msgid of the catalog. This module makes them msgids: gettext_noop
marks each for `makemessages` and returns it unchanged; nothing reads these names at run time.

Strings built with a setting (the emergency and urgent advice numbers) are listed as the
page prints them with the default settings (EMERGENCY_NUMBER 999, URGENT_ADVICE_NUMBER 111).
A deployment with other numbers gets those few strings in English on translated pages until
they are listed here with its numbers too (and translated).
"""

from django.utils.translation import gettext_noop

# articles.content.TIER_HEADINGS: the clinical tier headings (also the canonical text's sections).
TIER_HEADINGS = (
    gettext_noop("Single Most Likely Diagnosis"),
    gettext_noop("Other Likely Diagnoses"),
    gettext_noop("Do Not Miss Diagnoses"),
    gettext_noop("Rare Diagnoses"),
)

# articles.presentation.LAY_TIER_HEADINGS: the tier headings patients and carers read.
LAY_TIER_HEADINGS = (
    gettext_noop("The most likely cause"),
    gettext_noop("Other common causes"),
    gettext_noop("Serious causes that need a doctor"),
    gettext_noop("Rare causes"),
)

# articles.content.REGISTER_LABELS (and articles.diffing's text labels): "the text written for: …".
REGISTER_LABELS = (
    gettext_noop("Clinical text (physician)"),
    gettext_noop("Nurse and allied health"),
    gettext_noop("Student"),
    gettext_noop("Plain language (patient)"),
    gettext_noop("Caregiver or family"),
)

# articles.content.URGENCY_HEADINGS, and articles.diffing's other list of signs.
SIGN_LIST_LABELS = (
    gettext_noop("Get emergency help now"),
    gettext_noop("Get help today if"),
    gettext_noop("See a doctor soon if"),
    gettext_noop("How readers describe it"),
)

# accounts.audiences.Audience: the answers to "Which best describes you?".
AUDIENCE_LABELS = (
    gettext_noop("Patient"),
    gettext_noop("Caregiver or family member"),
    gettext_noop("Medical or nursing student"),
    gettext_noop("Nurse or allied health professional"),
    gettext_noop("Physician or advanced practice clinician"),
)

# review.publication: the steps of the review tracker (TrackerStep) and each step's state (status_label).
REVIEW_STATUS = (
    gettext_noop("Submitted"),
    gettext_noop("Under Review"),
    gettext_noop("Approved"),
    gettext_noop("completed"),
    gettext_noop("current step"),
    gettext_noop("not yet reached"),
    gettext_noop("re-review overdue"),
)

# articles.presentation.Presentation.sign_title: each level of an entry's warning signs, per reader.
WARNING_SIGN_TITLES = (
    gettext_noop("Get emergency help now: call 999 if you have"),
    gettext_noop("Get emergency help now: call 999 if the person you care for has"),
    gettext_noop("Escalate immediately (emergency)"),
    gettext_noop("Emergency warning signs"),
    gettext_noop("Get help today: contact your GP or call 111 if you have"),
    gettext_noop("Get help today: contact their GP or call 111 if the person you care for has"),
    gettext_noop("Escalate today: same-day review by the responsible clinician if"),
    gettext_noop("Same-day assessment if"),
    gettext_noop("See a doctor soon if you have"),
    gettext_noop("Help them see a doctor soon if they have"),
    gettext_noop("Report to the responsible clinician if"),
    gettext_noop("Arrange prompt review if"),
)

# articles.presentation: the disclaimer that closes each page (titles, then each final paragraph).
DISCLAIMER_TITLES = (
    gettext_noop("Professional Medical Disclaimer"),
    gettext_noop("Disclaimer for learners"),
    gettext_noop("Disclaimer for nurses and allied health professionals"),
    gettext_noop("Important: this is not a diagnosis"),
)
DISCLAIMER_PARAGRAPHS = (
    # Health professionals (and readers who have not chosen).
    gettext_noop(
        "This information is intended for healthcare professionals. Any medical decision-making "
        "should rely on clinical judgment and independently verified information. The content "
        "provided herein does not replace professional discretion and should be considered "
        "supplementary to established clinical guidelines. Healthcare providers should verify all "
        "information against primary literature and current practice standards before application "
        "in patient care. MedReview assumes no liability for clinical decisions based on this content."
    ),
    # Students.
    gettext_noop(
        "This differential is a study aid for medical and nursing students. It is not a substitute "
        "for clinical teaching, supervision or your institution's guidelines."
    ),
    gettext_noop(
        "In clinical placements, discuss any patient with your supervising clinician before acting, "
        "and check information against current primary sources."
    ),
    # Nurses and allied health professionals.
    gettext_noop(
        "This differential supports your assessment; it does not replace it, your professional "
        "judgment, or your organisation's protocols and escalation policies."
    ),
    gettext_noop(
        "When you are concerned about a patient, escalate to the responsible clinician or your "
        "local emergency team as your policies direct, and record what you observed and when."
    ),
    # Patients.
    gettext_noop(
        "This article is general health information, not medical advice. It cannot tell what is "
        "causing your symptoms: only a doctor, nurse or other qualified health professional "
        "who can examine you can do that."
    ),
    gettext_noop(
        "Call 999 or your local emergency number straight away if you have chest pain, trouble "
        "breathing, coughing up blood, or sudden weakness, numbness or trouble speaking."
    ),
    gettext_noop(
        "Talk to a health professional about your symptoms before starting, stopping or changing any medicine."
    ),
    # Caregivers and family members.
    gettext_noop(
        "This article is general health information, not medical advice. It cannot tell what is "
        "causing their symptoms: only a doctor, nurse or other qualified health professional "
        "who can examine the person you care for can do that."
    ),
    gettext_noop(
        "Call 999 or your local emergency number straight away if the person you care for has chest "
        "pain, trouble breathing, coughing up blood, or sudden weakness, numbness or trouble speaking."
    ),
    gettext_noop(
        "Talk to a health professional about their symptoms before starting, stopping or changing any medicine."
    ),
)

# Messages of articles.questions that reach the question form (web.reader.views, web.reader.forms).
QUESTION_MESSAGES = (
    gettext_noop("You have asked 5 questions in the last hour. Please wait a while before asking another."),
    gettext_noop("Write your question."),
)
