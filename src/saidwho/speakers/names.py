"""Name normalisation and gender hints for person mentions. Small, hand-made lexicons; no data downloads."""

from __future__ import annotations

import re
import unicodedata

from ..attribution.cues import FEMALE_TITLES, HONORIFICS, MALE_TITLES, ROLE_NOUNS

_POSSESSIVE = re.compile(r"[\u2019']s?$")
_EDGE = " \t\n,.;:!?()[]\"'\u201c\u201d\u2018\u2019-\u2013\u2014\u2015\u00a0"

# Common given names with a strong gender association (lower case). A hint only: text evidence wins.
FEMALE_NAMES = frozenset(
    """
    mary maria marie anna anne ann elizabeth liz sarah sara jennifer linda patricia barbara susan jessica
    karen nancy lisa betty margaret sandra ashley emily donna michelle carol amanda melissa deborah
    stephanie rebecca laura sharon cynthia kathleen amy angela helen brenda pamela nicole samantha
    katherine catherine christine emma olivia sophia isabella ava mia charlotte amelia hannah julia
    grace natalie victoria rachel alice diana hillary nikki nancy kamala elena olga irina natalia
    tatiana svetlana yulia ekaterina anastasia ludmila galina marina valentina ingrid greta ursula
    angela theresa teresa giorgia sophie claire camille chloe lea fatima aisha amina leila yasmin
    priya ananya mei ling yuki sakura hana ji-woo min-ji carmen lucia sofia valeria gabriela ana
    rosa elisa beatriz ines marta clara eva nina lena vera zoe ruth esther naomi miriam leah judith
    joan jane janet joyce alison allison heather megan kelly erin shannon tina tracy wendy yolanda
    gwen gloria denise diane dolores irene kristen kristin lauren madeleine margot monica nadia
    paula petra renata rita sabine silvia simone sonia susanna tamara ulrike veronica wanda zara
    abigail ada adriana agnes aileen alexandra alexis alicia alma alyssa amber andrea angelica anita annette
    antonia april arlene audrey beatrice becky belinda bernadette beth bethany betsy beverly bonnie brittany
    brooke caitlin candace carla carly carolyn caroline cassandra cathy cecilia charlene chelsea cheryl christina
    christy cindy claudia colleen condoleezza connie constance courtney crystal daisy danielle darlene dawn debbie
    debra delia della dianne dora doris dorothy edith edna eileen elaine eleanor elise ella ellen eloise elsa
    elsie emilia erica erika ethel evelyn faith felicia fiona florence frances francesca gail georgia geraldine
    gina ginger hailey harriet hazel heidi hilda holly huma ida ilhan imogen irma isabel isabelle ivanka jackie
    jacqueline janice jasmine jeanne jeannette jenna jenny jill joanna joanne jocelyn jodi josephine juanita judy
    julie juliet june justine kara kate kathryn kathy katie katrina kay kayla kellyanne kendra kimberly kirsten
    kristina kristy lana latoya lillian lily lois loretta lorraine louise lucille lucy lydia lynda mabel madison
    mae maggie mandy marcia margarita margo marian marianne marilyn marjorie marlene marsha martha maureen maxine
    melania melanie melinda meredith michele mildred millie molly mona muriel myra nadine nell nora norma olive
    pam patsy pauline pearl peggy penelope penny phyllis polly priscilla rachael ramona rashida regina rhonda
    roberta rochelle rosalind rose rosemary roxanne ruby sabrina sally selena sheila shelby shelley sherry
    shirley stacey stacy stella sue suzanne sylvia tammy tanya tara terri thelma toni tulsi valerie vanessa
    vicki vickie viola violet virginia vivian whitney wilma yvonne
    """.split()
)
MALE_NAMES = frozenset(
    """
    james john robert michael william david richard joseph thomas charles christopher daniel matthew
    anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward
    jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin
    samuel gregory alexander frank patrick raymond jack dennis jerry tyler aaron jose adam nathan henry
    douglas zachary peter kyle walter ethan jeremy harold keith christian roger noah gerald carl terry
    sean austin arthur lawrence jesse dylan bryan joe jordan billy bruce albert willie gabriel logan
    alan juan wayne roy ralph randy eugene vincent russell elijah louis bobby philip johnny barack
    bernie mike ted marco rand chris jeb bill hugh ivan sergey sergei vladimir dmitry dmitri alexei
    alexey mikhail nikolai boris yuri igor oleg pavel andrei andrey viktor arkady anatoly grigory
    fyodor leonid maxim konstantin emmanuel francois jean pierre jacques olaf friedrich helmut
    wolfgang hans klaus jurgen matteo giuseppe giovanni luca marco pablo carlos luis miguel diego
    jorge pedro manuel rafael antonio javier fernando ricardo mohammed muhammad ahmed ali omar hassan
    hussein ibrahim yusuf mustafa recep xi li wang zhang liu chen hiroshi kenji takeshi narendra
    rahul amit raj arjun kim jae-in volodymyr petro bogdan tomasz piotr jan lars erik anders nils
    ole sven bjorn tariq khalid faisal abdul yosef moshe benjamin david ehud avi itzhak shimon
    abraham al alfred allen alvin andre andy angelo archie arnold barry ben bernard bert bob brad bradley brendan
    brett calvin carlton cecil chad chester chuck clarence claude clayton clifford clint cody colin conrad corey
    cory craig curtis dale dan danny darrell darren dave dean derek devin dick don donnie dominic doug duane
    dustin dwight earl ed eddie edgar edwin elliot elmer emmett ernest ernie everett felix floyd francis franklin
    fred freddie frederick gene geoffrey glenn gordon grant greg guy hank harry harvey hector herbert herman
    howard ian isaac jake jared jay jeff jeffery jerome jim jimmy joel jon jonah julian julius kurt lance leo
    leon leonard leroy lester lewis lloyd lonnie luke lyle malcolm marcus mario marshall martin marvin matt
    maurice max melvin mitch mitchell mitt morris nate neil nelson newt norman oliver orrin oscar otis owen
    perry phil preston quentin randall reggie reginald reid reince rex rick ricky rob rod rodney roland ron
    ronnie ross rudy rudolph rufus sam sammy seth shane sidney simon stan stanley steny steve stuart sylvester
    theodore tim toby todd tom tommy tony travis trent trevor trey troy tucker vernon victor vince wade wallace
    warren wesley wilbur wilfred will woodrow xavier zach
    """.split()
)

_FEMALE_ROLES = frozenset("spokeswoman congresswoman chairwoman businesswoman actress wife mother daughter sister queen princess duchess countess woman girl grandmother aunt niece widow".split())
_MALE_ROLES = frozenset("spokesman congressman chairman businessman actor husband father son brother king prince duke count man boy grandfather uncle nephew widower".split())


def ascii_fold(text: str) -> str:
    """Lower case without accents ("François" -> "francois"), for comparing names."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def clean_name(text: str, person: bool = True) -> str:
    """'Foreign Minister Sergey Lavrov's' -> 'Sergey Lavrov'; 'the Kremlin' -> 'Kremlin'. Titles and
    roles are stripped from person names only ("the Interior Ministry" keeps "Interior")."""
    t = " ".join(text.split()).strip(_EDGE)
    if ": " in t and t.rsplit(": ", 1)[1][:1].isupper():
        t = t.rsplit(": ", 1)[1]  # "National Interests: The Human Rights Council": a heading before the name
    t = _POSSESSIVE.sub("", t).strip(_EDGE)
    words = t.split(" ")
    while len(words) > 1 and (
        (person and (words[0].lower() in HONORIFICS or (words[0].lower() in ROLE_NOUNS and len(words) > 2)))
        or words[0].lower() in ("the", "a", "an")
        or (not person and words[0].islower() and any(w[:1].isupper() for w in words[1:]))  # "federal Securities …"
        or (not person and re.fullmatch(r"(?:19|20)\d\d", words[0]) is not None and words[1][:1].isupper())  # "2014 American Community Survey"
    ):
        words = words[1:]
    return " ".join(words).strip(_EDGE)


def gender_of_title(words: list[str]) -> str | None:
    for w in words:
        lw = w.lower().rstrip(".")
        if lw in MALE_TITLES or lw + "." in MALE_TITLES or lw in _MALE_ROLES:
            return "m"
        if lw in FEMALE_TITLES or lw + "." in FEMALE_TITLES or lw in _FEMALE_ROLES:
            return "f"
    return None


def gender_of_name(name: str) -> str | None:
    first = name.split(" ")[0].lower() if name else ""
    if first in FEMALE_NAMES:
        return "f"
    if first in MALE_NAMES:
        return "m"
    return None
