/* gazetteer.c - anonymise: the place names a map knows (its own layers'
 * labels), so that the name hint of hints.c can tell "Ashgrove Park" or
 * "Kirkdale East" from a person's name (PRIVACY.md 5.2 "Names" (d):
 * capitalised bigrams not in a place gazetteer).  A name is kept as its
 * words, lower-cased: a one-word name whole, a longer one as each pair of
 * adjacent words, in a string hash set; both lookups are then O(1), which
 * matters when every row of a layer is checked against an LSOA-sized
 * gazetteer.  The words are those the hints see (hint_split). */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "anonymise/anonymise.h"

struct csm_gazetteer {
    char **slot; /* open addressing, linear probing; NULL: empty */
    size_t cap;  /* a power of two */
    size_t n;
};

/* The longest word kept: longer ones are not names of anything. */
#define WORD_MAX 40

size_t hint_split(const char *t, hint_word *w, size_t max)
{
    size_t n = 0;

    /* a word starts with an ASCII letter and runs on through letters,
     * apostrophes, hyphens and the bytes of UTF-8 letters ("Zoë") */
    while (*t && n < max) {
        const char *b;
        while (*t && !isalpha((unsigned char)*t))
            t++;
        b = t;
        while (*t && (isalpha((unsigned char)*t) || *t == '\'' || *t == '-' ||
                      (unsigned char)*t >= 0x80))
            t++;
        if (t > b) {
            w[n].s = b;
            w[n++].n = (size_t)(t - b);
        }
    }
    return n;
}

int hint_lower(hint_word w, char *buf, size_t cap)
{
    size_t i;

    if (w.n >= 2 && w.s[w.n - 2] == '\'' &&
        (w.s[w.n - 1] == 's' || w.s[w.n - 1] == 'S'))
        w.n -= 2;
    while (w.n && (w.s[w.n - 1] == '\'' || w.s[w.n - 1] == '-'))
        w.n--; /* "Brookes'" */
    if (!w.n || w.n >= cap)
        return 0;
    for (i = 0; i < w.n; i++)
        buf[i] = (char)tolower((unsigned char)w.s[i]);
    buf[w.n] = '\0';
    return 1;
}

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* The key of a and b ("a b"; b.s NULL: "a") in buf; 0 when too long. */
static int key_of(hint_word a, hint_word b, char *buf, size_t cap)
{
    size_t k;

    if (!hint_lower(a, buf, cap))
        return 0;
    if (!b.s)
        return 1;
    k = strlen(buf);
    buf[k++] = ' ';
    return hint_lower(b, buf + k, cap - k);
}

static size_t probe(const csm_gazetteer *g, const char *key)
{
    size_t i = (size_t)hash(key) & (g->cap - 1);

    while (g->slot[i] && strcmp(g->slot[i], key))
        i = (i + 1) & (g->cap - 1);
    return i;
}

static int grow(csm_gazetteer *g, csm_error *err)
{
    csm_gazetteer bigger = {NULL, g->cap ? g->cap * 2 : 256, 0};
    size_t i;

    if (!(bigger.slot = calloc(bigger.cap, sizeof *bigger.slot)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (i = 0; i < g->cap; i++)
        if (g->slot[i])
            bigger.slot[probe(&bigger, g->slot[i])] = g->slot[i];
    free(g->slot);
    g->slot = bigger.slot;
    g->cap = bigger.cap;
    return CSM_OK;
}

static int put(csm_gazetteer *g, const char *key, csm_error *err)
{
    size_t i;
    int rc;

    if ((g->n + 1) * 2 > g->cap && (rc = grow(g, err)))
        return rc;
    i = probe(g, key);
    if (g->slot[i])
        return CSM_OK;
    if (!(g->slot[i] = csm_strdup(key)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    g->n++;
    return CSM_OK;
}

int csm_gazetteer_new(csm_gazetteer **out, csm_error *err)
{
    csm_gazetteer *g = calloc(1, sizeof *g);
    int rc = CSM_OK;

    if (!g || (rc = grow(g, err))) {
        free(g);
        *out = NULL;
        return rc ? rc : csm_fail(err, CSM_ENOMEM, "out of memory");
    }
    *out = g;
    return CSM_OK;
}

int csm_gazetteer_add(csm_gazetteer *g, const char *name, csm_error *err)
{
    enum { MAX_WORDS = 32 };
    hint_word w[MAX_WORDS], none = {NULL, 0};
    char key[2 * WORD_MAX + 2];
    size_t n, i;
    int rc = CSM_OK;

    if (!name)
        return CSM_OK;
    n = hint_split(name, w, MAX_WORDS);
    if (n == 1 && key_of(w[0], none, key, WORD_MAX))
        rc = put(g, key, err);
    for (i = 0; i + 1 < n && !rc; i++)
        if (key_of(w[i], w[i + 1], key, sizeof key))
            rc = put(g, key, err);
    return rc;
}

size_t csm_gazetteer_count(const csm_gazetteer *g)
{
    return g ? g->n : 0;
}

int gazetteer_has(const csm_gazetteer *g, hint_word a, hint_word b)
{
    char key[2 * WORD_MAX + 2];

    if (!g || !key_of(a, b, key, b.s ? sizeof key : WORD_MAX))
        return 0;
    return g->slot[probe(g, key)] != NULL;
}

void csm_gazetteer_free(csm_gazetteer *g)
{
    size_t i;

    if (!g)
        return;
    for (i = 0; i < g->cap; i++)
        free(g->slot[i]);
    free(g->slot);
    free(g);
}
