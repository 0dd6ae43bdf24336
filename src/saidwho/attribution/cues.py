"""The cue lexicon: verbs and phrases that introduce reported speech, and words that mark a quotation as
a title rather than speech. Lemmas, lower case."""

from __future__ import annotations

SPEECH_VERBS = frozenset(
    """
    say tell add write warn insist explain ask note tweet post continue declare reply respond state conclude
    argue recall claim acknowledge admit announce assert assure suggest promise pledge vow predict
    report comment remark observe affirm confirm deny boast complain lament concede emphasize emphasise
    stress urge caution contend counter retort reiterate repeat maintain mention point joke quip testify
    shout chant scream yell whisper mutter cry exclaim proclaim proclaim describe call accuse blame
    charge question wonder demand plead propose recommend tout praise criticize criticise slam blast
    mock decry dismiss hail announce disclose reveal inform advise instruct order answer add
    read begin start finish conclude summarize summarise agree disagree thank apologize apologise
    estimate forecast allege reason muse opine sigh laugh murmur grumble rant echo text email
    """.split()
)

# Verbs that need something more than a quotation to be speech cues when used alone.
WEAK_VERBS = frozenset({"call", "describe", "read", "begin", "start", "finish", "thank", "laugh", "sigh", "question", "order", "charge", "post", "answer", "reason", "echo", "estimate", "text", "email", "praise", "blame", "accuse", "dismiss", "hail", "mock"})

# Nouns whose "in a ___" phrase is part of a cue ("said in a statement").
CUE_NOUNS = frozenset(
    "statement interview email e-mail tweet post letter speech memo release op-ed column remarks message "
    "video podcast broadcast briefing conference testimony filing report".split()
)

PRONOUNS = {
    "he": "m", "him": "m", "his": "m",
    "she": "f", "her": "f", "hers": "f",
    "they": "p", "them": "p", "their": "p",
    "it": "n", "its": "n",
    "i": "1", "me": "1", "we": "1p", "us": "1p",
}

# Words before a quotation that make it a title, name or term rather than speech.
TITLE_WORDS = frozenset(
    """
    book novel film movie song album show series episode report article essay op-ed column headline
    poem play documentary memoir paper study hashtag slogan motto program programme podcast titled
    entitled dubbed nicknamed known term word phrase label magazine newspaper track single chapter
    operation campaign project initiative exhibition musical opera painting
    """.split()
)

# Role nouns for speakers named only by role ("the minister said").
ROLE_NOUNS = frozenset(
    """
    minister president chancellor secretary senator governor mayor spokesman spokeswoman spokesperson
    official officials director chairman chairwoman chair chief ambassador diplomat leader premier
    lawmaker legislator representative congressman congresswoman commissioner prosecutor judge attorney
    lawyer general admiral colonel captain officer sheriff professor economist analyst expert researcher
    scientist doctor ceo founder executive manager candidate nominee adviser advisor aide strategist
    spokesperson priest bishop pope king queen prince princess emperor dictator envoy negotiator
    historian author writer journalist reporter editor columnist activist organizer organiser
    coach player manager source sources witness resident residents victim mother father
    speaker counterpart head boss councillor councilor deputy delegate trustee organiser officer
    commander teacher engineer farmer worker operator captain skipper president vice-president
    """.split()
)

GROUP_NOUNS = frozenset(
    """
    officials sources experts analysts critics supporters residents witnesses people observers
    lawmakers legislators democrats republicans activists protesters aides advisers advisors
    economists scientists researchers investigators authorities police prosecutors officers
    diplomats leaders members voters insiders source official aide person someone
    """.split()
)

HONORIFICS = frozenset(
    """
    mr mr. mrs mrs. ms ms. miss dr dr. prof prof. sir dame lord lady rev rev. gen gen. col col. capt capt.
    sen sen. rep rep. gov gov. lt lt. sgt sgt. president minister secretary senator governor mayor
    chancellor premier ambassador judge justice chairman chairwoman director commissioner professor
    doctor general admiral colonel captain sheriff pastor father sister brother king queen prince
    princess pope bishop imam rabbi foreign prime deputy vice former acting chief interior defense
    defence finance health education justice state agriculture labor labour trade economy energy
    attorney top senior spokesman spokeswoman spokesperson
    """.split()
)

MALE_TITLES = frozenset({"mr", "mr.", "sir", "lord", "king", "prince", "father", "brother"})
FEMALE_TITLES = frozenset({"mrs", "mrs.", "ms", "ms.", "miss", "dame", "lady", "queen", "princess", "sister"})
