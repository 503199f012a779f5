/* places.c - analyse: may a peer group be drawn at a place?  Only public,
 * non-residential places qualify (PRIVACY.md section 7: "link groups only
 * to public, non-residential places; never to homes").  A map that rings
 * a children's home or a refuge with "Group A" points at the few children
 * who live there. */
#include <ctype.h>
#include <string.h>

#include "analyse/analyse.h"

/* Whole words of a category (a place's type) that mean people live there. */
static const char *const home_words[] = {
    "residential", "home",    "homes",  "foster",        "fostering",
    "refuge",      "hostel",  "house",  "housing",       "dwelling",
    "address",     "flat",    "flats",  "accommodation", "bedsit",
    "residence",   "shelter", "lodging"};

/* Phrases of a name that mean the same ("Oak Lodge children's home").
 * Names are matched by phrase, not word: "Homebase" is a shop. */
static const char *const home_phrases[] = {"childrens home",
                                           "children home",
                                           "care home",
                                           "foster",
                                           "refuge",
                                           "supported accommodation",
                                           "supported housing",
                                           "supported living",
                                           "hostel",
                                           "safe house",
                                           "residential",
                                           "semi independent",
                                           "semi-independent living",
                                           "leaving care flat",
                                           "bedsit"};

/* Lower case, apostrophes dropped, other punctuation as spaces, padded
 * with a space at each end so " word " matches whole words. */
static void fold(const char *in, char *out, size_t n)
{
    size_t i = 0;

    if (n < 3)
        return;
    out[i++] = ' ';
    for (; *in && i + 2 < n; in++) {
        unsigned char c = (unsigned char)*in;
        if (c == '\'')
            continue;
        /* U+2019 right single quotation mark, the typographic apostrophe */
        if (c == 0xe2 && (unsigned char)in[1] == 0x80 &&
            (unsigned char)in[2] == 0x99) {
            in += 2;
            continue;
        }
        out[i++] = isalnum(c) || c >= 0x80 ? (char)tolower(c) : ' ';
    }
    out[i++] = ' ';
    out[i] = '\0';
}

static int has_word(const char *folded, const char *word)
{
    char w[48];
    size_t n = strlen(word);

    if (n + 3 > sizeof w)
        return 0;
    w[0] = ' ';
    memcpy(w + 1, word, n);
    w[n + 1] = ' ';
    w[n + 2] = '\0';
    return strstr(folded, w) != NULL;
}

int csm_analyse_residential(const char *category, const char *name)
{
    char f[256];
    size_t i;

    if (category) {
        fold(category, f, sizeof f);
        for (i = 0; i < sizeof home_words / sizeof *home_words; i++)
            if (has_word(f, home_words[i]))
                return 1;
        if (has_word(f, "supported") || has_word(f, "safe house"))
            return 1;
    }
    if (name) {
        fold(name, f, sizeof f);
        for (i = 0; i < sizeof home_phrases / sizeof *home_phrases; i++) {
            char p[64];
            fold(home_phrases[i], p, sizeof p);
            /* a phrase matches from a word start: " foster" in " fosters" */
            p[strlen(p) - 1] = '\0';
            if (strstr(f, p))
                return 1;
        }
    }
    return 0;
}
