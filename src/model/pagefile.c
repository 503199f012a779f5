/* pagefile.c - model: a page as bytes and back, so that a page composed in
 * one process (an atlas worker, a shard on another machine) can be drawn
 * in another (the process that assembles the multi-page PDF).
 *
 * The bytes are this build's structs, copied whole with their pointers
 * cleared, then the strings and coordinates they pointed to.  Copying the
 * structs whole means a number someone adds to csm_item tomorrow travels
 * without anyone remembering this file (a pointer needs copying by hand:
 * see put_item); the header records the struct
 * sizes so that a different build refuses the bytes instead of misreading
 * them. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csmap.h"

static const char magic[8] = {'C', 'S', 'M', 'P', 'A', 'G', 'E', '1'};

typedef struct reader {
    const unsigned char *p, *end;
} reader;

static int put(csm_buf *b, const void *data, size_t n, csm_error *err)
{
    return csm_buf_append(b, data, n, err);
}

static int put_u64(csm_buf *b, uint64_t v, csm_error *err)
{
    return put(b, &v, sizeof v, err);
}

/* NULL and "" differ (a page's date may be absent): length + 1, or 0. */
static int put_str(csm_buf *b, const char *s, csm_error *err)
{
    uint64_t n = s ? strlen(s) + 1 : 0;
    int rc = put_u64(b, n, err);

    return rc || !s ? rc : put(b, s, (size_t)n - 1, err);
}

/* Scalars travel in the whole-struct copy; pointers are copied by hand
 * here.  A field appended after the last one known would be a pointer or
 * not: stop the build until someone looks. */
_Static_assert(offsetof(csm_item, img_h) + sizeof(size_t) == sizeof(csm_item),
               "csm_item has a new last field: check model/pagefile.c");

static int put_item(csm_buf *b, const csm_item *it, csm_error *err)
{
    csm_item copy = *it;
    int rc;

    copy.text = NULL;
    copy.geom.part = NULL;
    copy.geom.pt = NULL;
    copy.rgba = NULL;
    rc = put(b, &copy, sizeof copy, err);
    if (!rc)
        rc = put_str(b, it->text, err);
    if (!rc && it->geom.npart)
        rc = put(b, it->geom.part, (it->geom.npart + 1) * sizeof(size_t), err);
    if (!rc && it->geom.npt)
        rc = put(b, it->geom.pt, it->geom.npt * sizeof(csm_xy), err);
    if (!rc) /* a RASTER's pixels: a count (0: none), then the bytes */
        rc =
            put_u64(b, it->rgba ? (uint64_t)it->img_w * it->img_h * 4 : 0, err);
    if (!rc && it->rgba)
        rc = put(b, it->rgba, it->img_w * it->img_h * 4, err);
    return rc;
}

int csm_page_encode(const csm_page *page, csm_buf *out, csm_error *err)
{
    uint64_t sizes[3] = {sizeof(csm_page), sizeof(csm_item),
                         sizeof(csm_symbol)};
    csm_page head = *page;
    size_t i;
    int rc;

    head.font = head.title = head.date = NULL;
    head.item = NULL;
    head.cap = head.n;
    rc = put(out, magic, sizeof magic, err);
    if (!rc)
        rc = put(out, sizes, sizeof sizes, err);
    if (!rc)
        rc = put(out, &head, sizeof head, err);
    if (!rc)
        rc = put_str(out, page->font, err);
    if (!rc)
        rc = put_str(out, page->title, err);
    if (!rc)
        rc = put_str(out, page->date, err);
    for (i = 0; i < page->n && !rc; i++)
        rc = put_item(out, &page->item[i], err);
    return rc;
}

static int take(reader *r, void *dst, size_t n)
{
    if ((size_t)(r->end - r->p) < n)
        return -1;
    memcpy(dst, r->p, n);
    r->p += n;
    return 0;
}

static int take_str(reader *r, char **out)
{
    uint64_t n;

    *out = NULL;
    if (take(r, &n, sizeof n))
        return -1;
    if (n == 0)
        return 0;
    if (n - 1 > (uint64_t)(r->end - r->p) || !(*out = malloc((size_t)n)))
        return -1;
    memcpy(*out, r->p, (size_t)n - 1);
    (*out)[n - 1] = '\0';
    r->p += n - 1;
    return 0;
}

/* An array of n things of 'size' bytes; fails when the bytes run out
 * before it does (so a damaged count cannot make us allocate wildly). */
static int take_array(reader *r, size_t n, size_t size, void **out)
{
    *out = NULL;
    if (n == 0)
        return 0;
    if (n > (size_t)(r->end - r->p) / size || !(*out = malloc(n * size)))
        return -1;
    return take(r, *out, n * size);
}

static int take_item(reader *r, csm_item *it)
{
    void *part, *pt, *px;
    uint64_t npx;

    if (take(r, it, sizeof *it))
        return -1;
    it->text = NULL;
    it->geom.part = NULL;
    it->geom.pt = NULL;
    it->rgba = NULL;
    if (take_str(r, &it->text) ||
        take_array(r, it->geom.npart ? it->geom.npart + 1 : 0, sizeof(size_t),
                   &part))
        return -1;
    it->geom.part = part;
    if (take_array(r, it->geom.npt, sizeof(csm_xy), &pt))
        return -1;
    it->geom.pt = pt;
    if (it->geom.npart && it->geom.part[it->geom.npart] != it->geom.npt)
        return -1;
    if (take(r, &npx, sizeof npx) ||
        (npx && npx != (uint64_t)it->img_w * it->img_h * 4) ||
        take_array(r, (size_t)npx, 1, &px))
        return -1;
    it->rgba = px;
    return 0;
}

static int decode(reader *r, csm_page *p)
{
    uint64_t sizes[3];
    char m[sizeof magic];
    size_t i, n;

    if (take(r, m, sizeof m) || memcmp(m, magic, sizeof m) ||
        take(r, sizes, sizeof sizes) || sizes[0] != sizeof(csm_page) ||
        sizes[1] != sizeof(csm_item) || sizes[2] != sizeof(csm_symbol) ||
        take(r, p, sizeof *p))
        return -1;
    n = p->n;
    p->font = p->title = p->date = NULL;
    p->item = NULL;
    p->n = p->cap = 0;
    if (take_str(r, &p->font) || take_str(r, &p->title) ||
        take_str(r, &p->date))
        return -1;
    if (n > (size_t)(r->end - r->p) / sizeof(csm_item) ||
        !(p->item = calloc(n + 1, sizeof *p->item)))
        return -1;
    p->cap = n + 1;
    for (i = 0; i < n; i++) {
        int bad = take_item(r, &p->item[i]);
        p->n = i + 1; /* what take_item allocated is freed with the page */
        if (bad)
            return -1;
    }
    return r->p == r->end ? 0 : -1;
}

int csm_page_decode(const void *data, size_t n, csm_page **out, csm_error *err)
{
    reader r = {data, (const unsigned char *)data + n};
    csm_page *p = calloc(1, sizeof *p);

    *out = NULL;
    if (!p)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    if (decode(&r, p)) {
        csm_page_free(p);
        return csm_fail(err, CSM_EDATA,
                        "not a page from this build of csmap (damaged, or "
                        "written by another version)");
    }
    *out = p;
    return CSM_OK;
}

int csm_page_fill(csm_page *page, const char *token, const char *text,
                  csm_error *err)
{
    size_t i;

    for (i = 0; i < page->n; i++) {
        csm_item *it = &page->item[i];
        char *s;
        if (it->type != CSM_ITEM_TEXT || !it->text || strcmp(it->text, token))
            continue;
        if (!(s = csm_strdup(text ? text : "")))
            return csm_fail(err, CSM_ENOMEM, "out of memory");
        free(it->text);
        it->text = s;
    }
    return CSM_OK;
}
