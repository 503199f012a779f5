/* bands.c - analyse: what a map may say about a peer group besides its
 * outline: its size as a band (PRIVACY.md section 7: groups are small by
 * nature, so never an exact count), its per-map label, and its harm codes
 * from the built-in vocabulary, csm_vocab_harm() (so no free text from a
 * table is drawn). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analyse/analyse.h"

static const char band_small[] = "under 5";
static const char band_mid[] = "5\xe2\x80\x93"
                               "9"; /* 5-9 with an en dash */
static const char band_big[] = "10+";

const char *csm_analyse_size_band(long n)
{
    if (n < 1)
        return NULL;
    return n < 5 ? band_small : n < 10 ? band_mid : band_big;
}

/* Lower case, dashes as '-', no spaces: "Under 5" -> "under5". */
static void squash(const char *in, char *out, size_t n)
{
    size_t i = 0;

    for (; *in && i + 1 < n; in++) {
        unsigned char c = (unsigned char)*in;
        if (c == 0xe2 && (unsigned char)in[1] == 0x80 &&
            ((unsigned char)in[2] == 0x93 || (unsigned char)in[2] == 0x94)) {
            out[i++] = '-'; /* en or em dash */
            in += 2;
        } else if (!isspace(c)) {
            out[i++] = (char)tolower(c);
        }
    }
    out[i] = '\0';
}

const char *csm_analyse_parse_band(const char *value)
{
    static const struct {
        const char *text, *band;
    } forms[] = {{"under5", band_small},    {"<5", band_small},
                 {"1-4", band_small},       {"fewerthan5", band_small},
                 {"lessthan5", band_small}, {"5-9", band_mid},
                 {"10+", band_big},         {"10ormore", band_big},
                 {">=10", band_big},        {"10plus", band_big}};
    char s[32];
    size_t i;

    if (!value)
        return NULL;
    squash(value, s, sizeof s);
    if (s[0] && strspn(s, "0123456789") == strlen(s) && strlen(s) < 9)
        return csm_analyse_size_band(atol(s));
    for (i = 0; i < sizeof forms / sizeof *forms; i++)
        if (!strcmp(s, forms[i].text))
            return forms[i].band;
    return NULL;
}

void csm_analyse_group_label(size_t k, char *buf, size_t n)
{
    char letters[16];
    size_t i = sizeof letters - 1;

    /* bijective base 26, as spreadsheet columns: A..Z, AA, AB, ... */
    letters[i] = '\0';
    do {
        letters[--i] = (char)('A' + k % 26);
        k = k / 26;
    } while (k-- > 0 && i > 0);
    snprintf(buf, n, "Group %s", letters + i);
}

const char *analyse_code(const char *token, size_t len)
{
    size_t n, i;
    const csm_vocab *v = csm_vocab_harm(&n);

    for (i = 0; i < n; i++)
        if (strlen(v[i].code) == len && !strncasecmp(v[i].code, token, len))
            return v[i].code;
    return NULL;
}

int analyse_codes(const char *value, char *out, size_t n)
{
    unsigned long seen = 0;
    const char *p = value;
    size_t nv, i, k = 0;
    const csm_vocab *v = csm_vocab_harm(&nv);

    out[0] = '\0';
    while (p && *p) {
        size_t len = strcspn(p, ",;/| ");
        const char *code = len ? analyse_code(p, len) : NULL;
        if (len && !code)
            return -1;
        for (i = 0; code && i < nv && i < 32; i++)
            if (v[i].code == code)
                seen |= 1ul << i;
        p += len;
        p += *p != '\0';
    }
    for (i = 0; i < nv && i < 32; i++) /* in the vocabulary's order */
        if (seen & (1ul << i))
            k += (size_t)snprintf(out + k, k < n ? n - k : 0, "%s%s",
                                  k ? ", " : "", v[i].code);
    return 0;
}

int analyse_codes_merge(char *codes, size_t n, const char *more)
{
    char all[128];

    snprintf(all, sizeof all, "%s,%s", codes, more);
    return analyse_codes(all, codes, n);
}
