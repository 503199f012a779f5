/* vocab.c - model: the built-in vocabularies every style starts from.
 * The harm codes of extra-familial harm, each with a colour AND a shape,
 * so a greyscale photocopy still tells them apart; and the classes a
 * safety map draws.  styles/default.yaml and styles/greyscale.yaml repeat
 * these symbols (tests/unit/test_vocab.c checks that they agree). */
#include <string.h>
#include <strings.h>

#include "csmap.h"

#define BLACK 0x000000ffu
#define WHITE 0xffffffffu

/* Six shapes for ten codes: codes sharing a shape differ in fill (a dark
 * colour vs a light one in the default style, black vs white in
 * greyscale, where polygons of a code also take its own hatching).  OTHER is a
 * white circle; the concern kind's own symbol (a small grey circle, for values
 * that map to no code) differs from all. */
static const csm_vocab harm[] = {
    {"CCE", "Child criminal exploitation", CSM_SHAPE_CIRCLE, 0xe69f00ffu, BLACK,
     CSM_HATCH_NONE, CSM_HATCH_DIAGONAL},
    {"CSE", "Child sexual exploitation", CSM_SHAPE_SQUARE, 0xcc79a7ffu, BLACK,
     CSM_HATCH_NONE, CSM_HATCH_BACKDIAGONAL},
    {"CL", "County lines", CSM_SHAPE_TRIANGLE, 0xd55e00ffu, BLACK,
     CSM_HATCH_NONE, CSM_HATCH_CROSS},
    {"SYV", "Serious youth violence", CSM_SHAPE_STAR, 0x000000ffu, BLACK,
     CSM_HATCH_NONE, CSM_HATCH_HORIZONTAL},
    {"TRAF", "Trafficking / modern slavery", CSM_SHAPE_DIAMOND, 0x0072b2ffu,
     BLACK, CSM_HATCH_NONE, CSM_HATCH_VERTICAL},
    {"MISS", "Missing episodes", CSM_SHAPE_CROSS, 0x56b4e9ffu, BLACK,
     CSM_HATCH_NONE, CSM_HATCH_DOTS},
    {"CUCK", "Cuckooing", CSM_SHAPE_SQUARE, 0xf0e442ffu, WHITE, CSM_HATCH_NONE,
     CSM_HATCH_DIAGONAL},
    {"HSB", "Harmful sexual behaviour", CSM_SHAPE_TRIANGLE, 0x882255ffu, WHITE,
     CSM_HATCH_NONE, CSM_HATCH_CROSS},
    {"ONLINE", "Online harm linked to place", CSM_SHAPE_DIAMOND, 0x44aa99ffu,
     WHITE, CSM_HATCH_NONE, CSM_HATCH_VERTICAL},
    {"OTHER", "Other", CSM_SHAPE_CIRCLE, WHITE, WHITE, CSM_HATCH_NONE,
     CSM_HATCH_NONE},
};

/* Safety maps: an area's fill says which rating over half its ratings
 * gave; without colour the three read as cross-hatch, diagonal and dots.
 * Fills are see-through in colour so the base map shows; the bars drawn
 * on each area use the same colours opaque.  "hidden" is a bar segment
 * for suppressed counts, "bar" only names the bar in the legend. */
static const csm_vocab safety[] = {
    {"red", "Over half rated it unsafe (red)", CSM_SHAPE_NONE, 0xd55e0073u,
     WHITE, CSM_HATCH_NONE, CSM_HATCH_CROSS},
    {"amber", "Over half rated it \"not sure\" (amber)", CSM_SHAPE_NONE,
     0xe69f0073u, WHITE, CSM_HATCH_NONE, CSM_HATCH_DIAGONAL},
    {"green", "Over half rated it safe (green)", CSM_SHAPE_NONE, 0x009e7373u,
     WHITE, CSM_HATCH_NONE, CSM_HATCH_DOTS},
    {"mixed", "No rating given by over half", CSM_SHAPE_NONE, 0xf2f2f2ffu,
     0xe6e6e6ffu, CSM_HATCH_NONE, CSM_HATCH_NONE},
    {"few", "Too few responses to show", CSM_SHAPE_NONE, WHITE, WHITE,
     CSM_HATCH_HORIZONTAL, CSM_HATCH_HORIZONTAL},
    {"bar", "Bar: share of red, amber and green ratings", CSM_SHAPE_NONE, 0, 0,
     CSM_HATCH_NONE, CSM_HATCH_NONE},
    {"hidden", "Bar, grey: ratings hidden (small numbers)", CSM_SHAPE_NONE,
     0x999999ffu, 0x999999ffu, CSM_HATCH_NONE, CSM_HATCH_NONE},
};

const csm_vocab *csm_vocab_harm(size_t *n)
{
    *n = sizeof harm / sizeof *harm;
    return harm;
}

const csm_vocab *csm_vocab_safety(size_t *n)
{
    *n = sizeof safety / sizeof *safety;
    return safety;
}

const csm_vocab *csm_vocab_find(const csm_vocab *v, size_t n, const char *code)
{
    size_t i;

    for (i = 0; code && i < n; i++)
        if (!strcasecmp(v[i].code, code))
            return &v[i];
    return NULL;
}

int csm_vocab_kind(csm_kind k)
{
    return k == CSM_KIND_CONCERN || k == CSM_KIND_ANNOTATION ||
           k == CSM_KIND_PEER_GROUP;
}
