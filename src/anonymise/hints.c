/* hints.c - anonymise: warn-level detectors for free text (PRIVACY.md 5.2
 * and row 29): suspected personal names and vehicle registrations.  No
 * pattern finds a name reliably, and a refusal would stop a map for a
 * place called "Jordan Hill", so these warn and never block; a reviewed
 * column may be accepted (accept_warnings:, the CLI).  Three of 5.2's
 * name heuristics:
 * - (c) an honorific before a capitalised word ("Mrs Smith");
 * - (b) a common given name (a short list from the ONS baby-names tables)
 *   written as a name, that is capitalised and not part of a place's name
 *   ("Jordan Road", "St George's", "Victoria Park" are places);
 * - (d) two or more adjacent capitalised words ("Tyler Brookes") that are
 *   not a place: not in the map's own gazetteer (gazetteer.c: its layers'
 *   labels), holding no place or feature word (Street, Park, Primary,
 *   Centre, ...), and not a common capitalised word (days, months,
 *   agencies, apps, shops, car makes).  A sentence's first word counts
 *   only when it is a given name or not a usual opener ("Near", "Seen",
 *   "Outside", a word in -ing), and text in Title Case is left alone: its
 *   capitals say nothing.
 * Vehicle registrations: 5.2's \b[A-Z]{2}[0-9]{2}\s?[A-Z]{3}\b (the 2001
 * format), capitals only. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "anonymise/anonymise.h"

/* Every list is sorted, lower case, for bsearch. */
static const char *const given_names[] = {
    "aaron",       "abbie",     "abigail",   "adam",      "ahmed",
    "aidan",       "aiden",     "aisha",     "albie",     "alexander",
    "alfie",       "ali",       "alice",     "amelia",    "amira",
    "amy",         "andrew",    "anna",      "anthony",   "archie",
    "aria",        "arlo",      "arthur",    "ashton",    "ava",
    "ayaan",       "benjamin",  "bethany",   "bobby",     "bradley",
    "brandon",     "caitlin",   "caleb",     "callum",    "cameron",
    "chantelle",   "charles",   "charlie",   "charlotte", "chloe",
    "christopher", "cody",      "connor",    "courtney",  "craig",
    "curtis",      "daisy",     "daniel",    "danielle",  "darren",
    "david",       "dean",      "declan",    "demi",      "destiny",
    "dexter",      "dominic",   "dwayne",    "dylan",     "edward",
    "elijah",      "ella",      "ellie",     "elliot",    "ellis",
    "elsie",       "emily",     "emma",      "esme",      "ethan",
    "eva",         "evan",      "evelyn",    "evie",      "ewan",
    "fatima",      "finley",    "francesca", "frankie",   "freddie",
    "freya",       "gabriel",   "gary",      "gemma",     "george",
    "grace",       "hamza",     "hannah",    "harper",    "harrison",
    "harry",       "harvey",    "hayden",    "henry",     "hollie",
    "holly",       "hugo",      "hunter",    "ibrahim",   "isaac",
    "isabella",    "isabelle",  "isla",      "ivy",       "jack",
    "jacob",       "jade",      "jake",      "jakub",     "james",
    "jamie",       "jasmin",    "jasmine",   "jason",     "jasper",
    "jaxon",       "jayden",    "jenson",    "jermaine",  "jess",
    "jesse",       "jessica",   "jodie",     "joel",      "john",
    "jonah",       "jonathan",  "jordan",    "joseph",    "joshua",
    "jude",        "kacper",    "kai",       "katie",     "kayden",
    "kayleigh",    "keira",     "kelsey",    "kerry",     "kevin",
    "kian",        "kieran",    "kirsty",    "kyle",      "laura",
    "lauren",      "layla",     "leah",      "leanne",    "lee",
    "leo",         "leon",      "levi",      "lewis",     "liam",
    "lily",        "lisa",      "logan",     "louie",     "louis",
    "luca",        "lucas",     "lucy",      "luke",      "luna",
    "maisie",      "marcus",    "maria",     "maryam",    "mason",
    "matilda",     "matthew",   "max",       "maya",      "megan",
    "mia",         "michael",   "michelle",  "millie",    "mohamed",
    "mohammad",    "mohammed",  "molly",     "muhammad",  "nadia",
    "nancy",       "natasha",   "nathan",    "nathaniel", "niamh",
    "nicholas",    "nicole",    "noah",      "oliver",    "olivia",
    "ollie",       "omar",      "orla",      "oscar",     "owen",
    "paige",       "patrick",   "paul",      "peter",     "phoebe",
    "poppy",       "precious",  "rachel",    "ralph",     "rebecca",
    "reece",       "reggie",    "reuben",    "rhys",      "riley",
    "robert",      "robyn",     "ronnie",    "rory",      "rosie",
    "ruben",       "ruby",      "ryan",      "sadie",     "sam",
    "samantha",    "samuel",    "sarah",     "scarlett",  "scott",
    "sean",        "sebastian", "shane",     "shannon",   "sienna",
    "simon",       "sophia",    "sophie",    "stacey",    "stanley",
    "stephen",     "steven",    "tanisha",   "teddy",     "tegan",
    "thea",        "theo",      "theodore",  "thomas",    "tia",
    "toby",        "tommy",     "toni",      "tyler",     "tyrone",
    "vanessa",     "violet",    "wayne",     "william",   "willow",
    "yusuf",       "zachary",   "zain",      "zainab",    "zara"};

/* Place and feature words: after a given name or honorific they make a
 * place of it ("Jordan Road"), and a run of capitalised words holding one
 * is a place ("Memorial Park", "Larkrise Primary"). */
static const char *const place_words[] = {
    "abbey",      "academies",  "academy",  "airport",    "alley",
    "approach",   "arcade",     "arena",    "arms",       "ave",
    "avenue",     "bank",       "basin",    "bay",        "beach",
    "boulevard",  "bridge",     "broadway", "brook",      "brow",
    "building",   "buildings",  "bus",      "business",   "bypass",
    "cafe",       "campus",     "canal",    "car",        "carpark",
    "castle",     "cathedral",  "causeway", "cemetery",   "center",
    "central",    "centre",     "centres",  "chapel",     "church",
    "cinema",     "circus",     "city",     "clinic",     "close",
    "club",       "college",    "colleges", "common",     "community",
    "copse",      "corner",     "cottage",  "cottages",   "court",
    "crescent",   "crest",      "croft",    "cross",      "dell",
    "dene",       "depot",      "dock",     "docks",      "dr",
    "drive",      "drove",      "east",     "embankment", "end",
    "esplanade",  "estate",     "estates",  "exchange",   "express",
    "extra",      "fairway",    "farm",     "ferry",      "field",
    "fields",     "flats",      "footpath", "forest",     "form",
    "forum",      "gallery",    "garage",   "garden",     "gardens",
    "gate",       "glade",      "great",    "green",      "ground",
    "grove",      "gurdwara",   "hall",     "halt",       "harbour",
    "heath",      "heights",    "hey",      "high",       "hill",
    "hollow",     "hospital",   "hotel",    "house",      "hub",
    "industrial", "infant",     "infants",  "inn",        "interchange",
    "island",     "junction",   "junior",   "lake",       "lane",
    "lanes",      "lawn",       "lawns",    "leisure",    "library",
    "link",       "little",     "local",    "lock",       "locks",
    "lodge",      "loop",       "lower",    "mall",       "manor",
    "marina",     "market",     "mead",     "meadow",     "meadows",
    "memorial",   "mews",       "mill",     "moor",       "mosque",
    "mount",      "museum",     "new",      "north",      "nursery",
    "old",        "orchard",    "paddock",  "parade",     "park",
    "parks",      "parkway",    "passage",  "pastures",   "path",
    "pathway",    "pharmacy",   "pier",     "pierhead",   "place",
    "playground", "playing",    "plaza",    "point",      "pond",
    "port",       "precinct",   "primary",  "promenade",  "pub",
    "quarter",    "quay",       "rd",       "reach",      "rec",
    "recreation", "reservoir",  "retail",   "ridge",      "rise",
    "river",      "road",       "roads",    "rookery",    "roundabout",
    "row",        "school",     "schools",  "secondary",  "services",
    "shop",       "shopping",   "shops",    "side",       "sixth",
    "south",      "space",      "spinney",  "sports",     "square",
    "st",         "stadium",    "station",  "stop",       "store",
    "stores",     "street",     "streets",  "subway",     "superstore",
    "surgery",    "synagogue",  "temple",   "terminal",   "terrace",
    "theatre",    "tower",      "towers",   "town",       "tunnel",
    "underpass",  "university", "upper",    "vale",       "valley",
    "view",       "village",    "villas",   "vista",      "walk",
    "walkway",    "ward",       "way",      "west",       "wharf",
    "wood",       "woods",      "works",    "wynd",       "yard",
    "youth"};

/* Words that make a place (or a saint) of the name after them. */
static const char *const place_before[] = {
    "central",  "east",  "fort",  "great", "high",  "king",  "lake", "little",
    "lord",     "lower", "mount", "new",   "north", "old",   "port", "prince",
    "princess", "queen", "saint", "south", "st",    "upper", "west"};

/* Capitalised words that are not names wherever they stand: days,
 * months, seasons and festivals, agencies and roles, apps, shops and car
 * makes often named in safeguarding notes. */
static const char *const common_words[] = {
    "adults",       "agency",       "aldi",          "ambulance",
    "anglican",     "apr",          "april",         "area",
    "asda",         "asian",        "audi",          "aug",
    "august",       "autumn",       "bank",          "baptist",
    "black",        "blue",         "board",         "bolt",
    "bonfire",      "borough",      "boys",          "britain",
    "british",      "care",         "carer",         "carers",
    "catholic",     "child",        "children",      "christian",
    "christmas",    "citroen",      "co-op",         "constable",
    "constabulary", "contextual",   "corsa",         "costa",
    "council",      "county",       "dec",           "december",
    "deliveroo",    "department",   "designated",    "detective",
    "discord",      "diwali",       "early",         "easter",
    "education",    "eid",          "england",       "english",
    "evening",      "evenings",     "exploitation",  "facebook",
    "families",     "family",       "feb",           "february",
    "females",      "fiat",         "fiesta",        "fire",
    "focus",        "ford",         "fri",           "friday",
    "girls",        "golf",         "greggs",        "grey",
    "group",        "groups",       "half",          "halloween",
    "headteacher",  "health",       "help",          "hindu",
    "holiday",      "holidays",     "home",          "honda",
    "housing",      "iceland",      "inspector",     "instagram",
    "ireland",      "irish",        "islamic",       "jan",
    "january",      "jewish",       "jul",           "july",
    "jun",          "june",         "justice",       "kia",
    "lead",         "lidl",         "line",          "lines",
    "males",        "mar",          "march",         "may",
    "mcdonald",     "meeting",      "men",           "mercedes",
    "methodist",    "metropolitan", "missing",       "mon",
    "monday",       "morning",      "mornings",      "morrisons",
    "muslim",       "national",     "neighbourhood", "network",
    "night",        "nights",       "nissan",        "nov",
    "november",     "oct",          "october",       "offending",
    "office",       "officer",      "officers",      "operation",
    "panel",        "parent",       "parents",       "partnership",
    "people",       "peugeot",      "police",        "polo",
    "primark",      "probation",    "programme",     "project",
    "pupil",        "pupils",       "ramadan",       "red",
    "renault",      "rescue",       "roman",         "safeguarding",
    "safety",       "sainsbury",    "sat",           "saturday",
    "scotland",     "scottish",     "sep",           "sept",
    "september",    "sergeant",     "service",       "services",
    "sikh",         "silver",       "snapchat",      "social",
    "spring",       "staff",        "student",       "students",
    "summer",       "sun",          "sunday",        "team",
    "teams",        "telegram",     "term",          "tesco",
    "the",          "thu",          "thur",          "thurs",
    "thursday",     "tiktok",       "toyota",        "transit",
    "transport",    "trust",        "tue",           "tues",
    "tuesday",      "uber",         "unit",          "vauxhall",
    "volkswagen",   "wales",        "wed",           "wednesday",
    "weekend",      "weekends",     "welsh",         "whatsapp",
    "white",        "winter",       "women",         "worker",
    "workers",      "youths",       "youtube"};

/* Words that open a sentence with a capital only because they open it. */
static const char *const openers[] = {
    "a",         "after",    "all",       "along",      "also",     "an",
    "and",       "another",  "any",       "approached", "are",      "around",
    "as",        "at",       "avoid",     "before",     "behind",   "beside",
    "between",   "both",     "but",       "by",         "call",     "check",
    "collected", "contact",  "daily",     "dropped",    "during",   "each",
    "every",     "few",      "five",      "for",        "found",    "four",
    "frequent",  "from",     "had",       "has",        "have",     "he",
    "heard",     "her",      "here",      "his",        "how",      "i",
    "if",        "in",       "inside",    "is",         "it",       "its",
    "known",     "many",     "meet",      "meets",      "met",      "most",
    "my",        "near",     "nightly",   "no",         "not",      "note",
    "noted",     "observed", "of",        "off",        "often",    "on",
    "one",       "opposite", "or",        "other",      "our",      "outside",
    "over",      "past",     "picked",    "please",     "possible", "regular",
    "repeat",    "repeated", "reported",  "reports",    "said",     "saw",
    "see",       "seen",     "several",   "she",        "sighted",  "since",
    "some",      "spotted",  "suspected", "taken",      "that",     "the",
    "their",     "there",    "these",     "they",       "this",     "those",
    "three",     "through",  "to",        "told",       "towards",  "two",
    "under",     "unknown",  "until",     "usually",    "via",      "was",
    "we",        "weekly",   "went",      "were",       "what",     "when",
    "where",     "who",      "why",       "with",       "you",      "young",
    "younger",   "your"};

static const char *const honorifics[] = {"Master", "Miss", "Mr",
                                         "Mrs",    "Ms",   "Mx"};

#define NUM(a) (sizeof a / sizeof *a)

static int cmp_str(const void *key, const void *elem)
{
    return strcmp((const char *)key, *(const char *const *)elem);
}

static int listed(hint_word w, const char *const *list, size_t n)
{
    char b[32];

    return hint_lower(w, b, sizeof b) &&
           bsearch(b, list, n, sizeof *list, cmp_str) != NULL;
}

static int place_word(hint_word w)
{
    return listed(w, place_words, NUM(place_words));
}

/* "Smith", "O'Neill", "K": a capital then anything but capitals only
 * ("CCE", "CSE" are codes). */
static int capitalised(hint_word w)
{
    size_t i, lower = 0;

    if (!w.n || !isupper((unsigned char)w.s[0]))
        return 0;
    for (i = 1; i < w.n; i++)
        lower += islower((unsigned char)w.s[i]) != 0;
    return w.n == 1 || lower > 0;
}

static int given_name(hint_word w)
{
    return capitalised(w) && listed(w, given_names, NUM(given_names));
}

static int honorific(hint_word w)
{
    size_t k;

    for (k = 0; k < NUM(honorifics); k++)
        if (w.n == strlen(honorifics[k]) && !strncmp(w.s, honorifics[k], w.n))
            return 1;
    return 0;
}

/* ---- (b) and (c): honorifics and given names ----------------------- */

static int spaced(hint_word a, hint_word b);

/* The capitalised words run on from w[i] to a place word: "Jordan Hill
 * Road", "Michael Dragonette Court" are places named after people. */
static int place_follows(const hint_word *w, size_t n, size_t i)
{
    for (i++; i < n && capitalised(w[i]) && spaced(w[i - 1], w[i]); i++)
        if (place_word(w[i]))
            return 1;
    return 0;
}

static const char *known_name(const hint_word *w, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (honorific(w[i]) && i + 1 < n && capitalised(w[i + 1]) &&
            !place_word(w[i + 1]))
            return "an honorific and a name";
        if (!given_name(w[i]))
            continue;
        if (i > 0 && listed(w[i - 1], place_before, NUM(place_before)) &&
            spaced(w[i - 1], w[i])) /* "St George", "High Lee" */
            continue;
        if ((i + 1 < n && place_word(w[i + 1])) || place_follows(w, n, i))
            continue;
        return "a given name";
    }
    return NULL;
}

/* ---- (d): capitalised words not in a gazetteer ----------------------- */

/* Only spaces between a and b: "Tyler Brookes", not "Tyler, Brookes". */
static int spaced(hint_word a, hint_word b)
{
    const char *p;

    for (p = a.s + a.n; p < b.s; p++)
        if (*p != ' ' && *p != '\t')
            return 0;
    return p > a.s + a.n;
}

static int sentence_start(const char *text, hint_word w)
{
    const char *p = w.s;

    while (p > text && strchr(" \t\"'([*", p[-1]))
        p--;
    return p == text || strchr(".!?:;\n\r", p[-1]) ||
           (p - text >= 2 && p[-1] == '-' && p[-2] == '\n');
}

/* Could w be half of a name?  Capitalised, two letters or more, and not
 * a common capitalised word or honorific. */
static int name_shaped(hint_word w)
{
    return w.n >= 2 && capitalised(w) && !honorific(w) &&
           !listed(w, common_words, NUM(common_words));
}

/* A sentence's first word with a capital only for that reason. */
static int opener(hint_word w)
{
    return listed(w, openers, NUM(openers)) ||
           (w.n >= 5 && !strncmp(w.s + w.n - 3, "ing", 3));
}

/* Title Case ("Older Males Approaching Pupils"): four or more words of
 * four letters or more, every one capitalised and at least half of them
 * words that are not names ("Kayvon Dwight Brookes Okafor" is a name). */
static int title_case(const hint_word *w, size_t n)
{
    size_t i, long_words = 0, plain = 0;

    for (i = 0; i < n; i++) {
        if (w[i].n < 4)
            continue;
        if (!capitalised(w[i]))
            return 0;
        long_words++;
        plain += opener(w[i]) || place_word(w[i]) ||
                 listed(w[i], common_words, NUM(common_words));
    }
    return long_words >= 4 && plain * 2 >= long_words;
}

/* Word j of w is part of a place the gazetteer knows: a one-word name,
 * or two adjacent words of one. */
static int covered(const csm_gazetteer *g, const hint_word *w, size_t n,
                   size_t j)
{
    hint_word none = {NULL, 0};

    return gazetteer_has(g, w[j], none) ||
           (j > 0 && spaced(w[j - 1], w[j]) &&
            gazetteer_has(g, w[j - 1], w[j])) ||
           (j + 1 < n && spaced(w[j], w[j + 1]) &&
            gazetteer_has(g, w[j], w[j + 1]));
}

/* Runs of capitalised words joined by spaces; a run holding a place word
 * is a place; in the others, two adjacent words both name-shaped and not
 * covered by the gazetteer are a suspected name. */
static int capital_pairs(const char *text, const hint_word *w, size_t n,
                         const csm_gazetteer *g)
{
    size_t i = 0, j, k;

    if (title_case(w, n))
        return 0;
    while (i < n) {
        int place = 0;
        if (!capitalised(w[i])) {
            i++;
            continue;
        }
        for (j = i;
             j + 1 < n && capitalised(w[j + 1]) && spaced(w[j], w[j + 1]); j++)
            ;
        for (k = i; k <= j && !place; k++)
            place = place_word(w[k]) ||
                    listed(w[k], place_before, NUM(place_before));
        for (k = i; !place && k < j; k++) {
            if (!name_shaped(w[k]) || !name_shaped(w[k + 1]))
                continue;
            if (k == i && sentence_start(text, w[k]) && !given_name(w[k]) &&
                opener(w[k]))
                continue;
            if (!covered(g, w, n, k) && !covered(g, w, n, k + 1))
                return 1;
        }
        i = j + 1;
    }
    return 0;
}

/* ---- vehicle registrations ------------------------------------------- */

static int up(int c)
{
    return c >= 'A' && c <= 'Z';
}

static int dig(int c)
{
    return c >= '0' && c <= '9';
}

static int word_char(int c)
{
    return up(c) || dig(c) || (c >= 'a' && c <= 'z') || c == '_';
}

static int has_vehicle(const char *s)
{
    size_t i;

    for (i = 0; s[i]; i++) {
        const unsigned char *p = (const unsigned char *)s + i;
        if ((i > 0 && word_char((unsigned char)s[i - 1])) || !up(p[0]) ||
            !up(p[1]) || !dig(p[2]) || !dig(p[3]))
            continue;
        p += 4;
        if (isspace(*p))
            p++;
        if (up(p[0]) && up(p[1]) && up(p[2]) && !word_char(p[3]))
            return 1;
    }
    return 0;
}

/* ---- together ---------------------------------------------------------- */

static const char *name_hint(const char *text, const csm_gazetteer *g)
{
    enum { MAX_WORDS = 256 };
    hint_word w[MAX_WORDS];
    const char *t = text, *what = NULL;
    size_t n;

    /* long texts a window of words at a time */
    while (!what && (n = hint_split(t, w, MAX_WORDS)) > 0) {
        if (!(what = known_name(w, n)) && capital_pairs(text, w, n, g))
            what = "capitalised words that may be a name";
        t = w[n - 1].s + w[n - 1].n;
    }
    return what;
}

unsigned csm_anonymise_warn_text(const char *text, unsigned kinds,
                                 const csm_gazetteer *places, const char **what)
{
    const char *w = NULL;
    unsigned hit = 0;

    if (text && (kinds & CSM_WARN_NAMES) && (w = name_hint(text, places)))
        hit = CSM_WARN_NAMES;
    else if (text && (kinds & CSM_WARN_VEHICLES) && has_vehicle(text))
        hit = CSM_WARN_VEHICLES, w = "a vehicle registration";
    if (what)
        *what = w;
    return hit;
}

int csm_anonymise_name_hint(const char *text, const char **what)
{
    return csm_anonymise_warn_text(text, CSM_WARN_NAMES, NULL, what) != 0;
}
