/* test_render.c - pages built in C, drawn to PDF, SVG and PNG; pixels
 * probed, metadata and determinism checked, text measured. */
#include "check.h"
#include "csmap.h"

#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const csm_rgba red = {0.8, 0.1, 0.1, 1}, blue = {0.1, 0.2, 0.8, 1},
                      green = {0.0, 0.6, 0.0, 1}, black = {0, 0, 0, 1},
                      white = {1, 1, 1, 1};

static int has(const csm_buf *b, const char *s)
{
    size_t n = strlen(s), i;

    for (i = 0; i + n <= b->len; i++)
        if (memcmp(b->data + i, s, n) == 0)
            return 1;
    return 0;
}

static void add_ring(csm_page *p, csm_geom_type type, const csm_xy *pts,
                     size_t n, const csm_symbol *sym)
{
    csm_item it;

    memset(&it, 0, sizeof it);
    it.type = CSM_ITEM_PATH;
    it.sym = *sym;
    csm_geom_init(&it.geom, type);
    assert_int_equal(csm_geom_add_part(&it.geom, pts, n, NULL), 0);
    assert_int_equal(csm_page_add(p, &it, NULL), 0);
    csm_geom_release(&it.geom);
}

static void add_box(csm_page *p, double x0, double y0, double x1, double y1,
                    const csm_symbol *sym)
{
    csm_xy r[5] = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};

    add_ring(p, CSM_GEOM_POLYGON, r, 5, sym);
}

static void add_text(csm_page *p, double x, double y, const char *text,
                     double width_mm, int halo)
{
    csm_item it;

    memset(&it, 0, sizeof it);
    it.type = CSM_ITEM_TEXT;
    it.at = (csm_xy){x, y};
    it.text = (char *)text;
    it.size_pt = 12;
    it.colour = black;
    it.halo = halo;
    it.halo_colour = white;
    it.halo_mm = 0.8;
    it.width_mm = width_mm;
    it.align = width_mm > 0 ? CSM_ALIGN_CENTRE : CSM_ALIGN_LEFT;
    assert_int_equal(csm_page_add(p, &it, NULL), 0);
}

/* Everything the page model has, at known places on an A4 page. */
static csm_page *sample_page(const char *date)
{
    csm_page *p = csm_page_new(210, 297);
    csm_symbol s;
    csm_item it;
    csm_xy route[3] = {{20, 80}, {100, 85}, {180, 80}};
    int i;

    assert_non_null(p);
    p->title = csm_strdup("Test map");
    p->date = csm_strdup(date);
    memset(&s, 0, sizeof s);
    s.fill = red;
    add_box(p, 20, 20, 60, 60, &s); /* plain red square */
    s.fill = (csm_rgba){1, 1, 0.8, 1};
    s.stroke = black;
    s.stroke_mm = 0.3;
    s.dash_mm[0] = 2;
    s.dash_mm[1] = 1;
    s.ndash = 2;
    s.hatch = CSM_HATCH_DIAGONAL;
    s.hatch_colour = blue;
    add_box(p, 70, 20, 110, 60, &s); /* hatched, dashed outline */
    memset(&s, 0, sizeof s);
    s.stroke = red;
    s.stroke_mm = 0.8;
    s.casing = white;
    s.casing_mm = 1.4;
    s.arrows = 1;
    add_ring(p, CSM_GEOM_LINE, route, 3, &s);
    memset(&it, 0, sizeof it);
    it.type = CSM_ITEM_SYMBOL;
    it.sym.fill = green;
    it.sym.stroke = black;
    it.sym.stroke_mm = 0.2;
    it.sym.size_mm = 6;
    for (i = CSM_SHAPE_CIRCLE; i < CSM_SHAPE_COUNT; i++) {
        it.sym.shape = (csm_shape)i;
        it.at = (csm_xy){20.0 + 15 * i, 100};
        assert_int_equal(csm_page_add(p, &it, NULL), 0);
    }
    add_text(p, 20, 120, "Older males approaching pupils near the station", 40,
             1);
    memset(&it, 0, sizeof it);
    it.type = CSM_ITEM_CLIP;
    it.box = (csm_box){20, 140, 100, 160};
    assert_int_equal(csm_page_add(p, &it, NULL), 0);
    memset(&s, 0, sizeof s);
    s.fill = blue;
    add_box(p, 0, 140, 200, 160, &s); /* only 20..100 survives the clip */
    it.type = CSM_ITEM_UNCLIP;
    assert_int_equal(csm_page_add(p, &it, NULL), 0);
    return p;
}

static void render(const csm_page *p, csm_format fmt, double dpi, csm_buf *out)
{
    csm_error err = {0, ""};

    if (csm_render_page(p, fmt, dpi, out, &err))
        fail_msg("render failed: %s", err.msg);
}

/* ---- PNG ------------------------------------------------------------ */

typedef struct image {
    png_image img;
    unsigned char *px; /* RGB */
    double dpi;
} image;

static void decode(const csm_buf *png, double dpi, image *im)
{
    memset(im, 0, sizeof *im);
    im->img.version = PNG_IMAGE_VERSION;
    im->dpi = dpi;
    assert_true(
        png_image_begin_read_from_memory(&im->img, png->data, png->len));
    im->img.format = PNG_FORMAT_RGB;
    im->px = malloc(PNG_IMAGE_SIZE(im->img));
    assert_non_null(im->px);
    assert_true(png_image_finish_read(&im->img, NULL, im->px, 0, NULL));
}

/* The pixel under page point (x_mm, y_mm). */
static const unsigned char *probe(const image *im, double x_mm, double y_mm)
{
    unsigned x = (unsigned)(x_mm / 25.4 * im->dpi);
    unsigned y = (unsigned)(y_mm / 25.4 * im->dpi);

    assert_true(x < im->img.width && y < im->img.height);
    return im->px + 3 * ((size_t)y * im->img.width + x);
}

static void assert_colour(const unsigned char *px, csm_rgba c)
{
    assert_near(px[0], c.r * 255, 2);
    assert_near(px[1], c.g * 255, 2);
    assert_near(px[2], c.b * 255, 2);
}

static int is_white(const unsigned char *px)
{
    return px[0] == 255 && px[1] == 255 && px[2] == 255;
}

static void png_pixels_land_where_the_page_says(void **state)
{
    csm_page *p = sample_page("2001-02-03");
    csm_buf png;
    image im;
    double x, y;
    int blue_px = 0, cream_px = 0;

    (void)state;
    render(p, CSM_FORMAT_PNG, 150, &png);
    decode(&png, 150, &im);
    assert_int_equal(im.img.width, 1240);  /* 210 mm at 150 dpi */
    assert_int_equal(im.img.height, 1754); /* 297 mm */
    assert_colour(probe(&im, 40, 40), red);
    assert_true(is_white(probe(&im, 190, 280)));
    assert_true(is_white(probe(&im, 65, 40)));   /* between the squares */
    assert_colour(probe(&im, 35, 100), green);   /* the circle's centre */
    assert_colour(probe(&im, 50, 150), blue);    /* inside the clip */
    assert_true(is_white(probe(&im, 150, 150))); /* clipped away */
    assert_true(is_white(probe(&im, 10, 150)));
    for (y = 22; y < 58; y += 0.25)
        for (x = 72; x < 108; x += 0.25) {
            const unsigned char *px = probe(&im, x, y);

            blue_px += px[2] > 150 && px[0] < 120;
            cream_px += px[0] == 255 && px[2] == 204;
        }
    assert_true(blue_px > 500);   /* hatch lines ... */
    assert_true(cream_px > 5000); /* ... over the fill */
    free(im.px);
    csm_buf_release(&png);
    csm_page_free(p);
}

static unsigned long be32(const unsigned char *p)
{
    return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
           (unsigned long)p[2] << 8 | p[3];
}

static void png_is_rgb_with_dpi_and_no_time_or_text(void **state)
{
    csm_page *p = sample_page("2001-02-03");
    csm_buf png, again;
    size_t at = 8;
    int phys = 0;

    (void)state;
    render(p, CSM_FORMAT_PNG, 0, &png); /* 0: the default, 300 dpi */
    assert_memory_equal(png.data, "\x89PNG\r\n\x1a\n", 8);
    assert_int_equal(png.data[24], 8); /* bit depth */
    assert_int_equal(png.data[25], 2); /* colour type RGB */
    assert_int_equal(be32(png.data + 16), 2480);
    while (at + 12 <= png.len) {
        unsigned long n = be32(png.data + at);
        const char *type = (const char *)png.data + at + 4;

        assert_false(memcmp(type, "tIME", 4) == 0);
        assert_false(memcmp(type, "tEXt", 4) == 0);
        assert_false(memcmp(type, "zTXt", 4) == 0);
        assert_false(memcmp(type, "iTXt", 4) == 0);
        if (memcmp(type, "pHYs", 4) == 0) {
            phys = 1;
            assert_int_equal(be32(png.data + at + 8), 11811); /* px/m */
            assert_int_equal(png.data[at + 16], 1);           /* metre */
        }
        at += 12 + n;
    }
    assert_true(phys);
    assert_int_equal(at, png.len);
    render(p, CSM_FORMAT_PNG, 0, &again);
    assert_int_equal(png.len, again.len);
    assert_memory_equal(png.data, again.data, png.len);
    csm_buf_release(&png);
    csm_buf_release(&again);
    csm_page_free(p);
}

/* ---- PDF and SVG ---------------------------------------------------- */

static void pdf_carries_title_and_page_date_and_embeds_fonts(void **state)
{
    csm_page *p = sample_page("2001-02-03");
    csm_buf pdf, again;
    char today[32], stamp[40];
    time_t now = time(NULL);

    (void)state;
    render(p, CSM_FORMAT_PDF, 0, &pdf);
    assert_memory_equal(pdf.data, "%PDF", 4);
    assert_true(has(&pdf, "/Title (Test map)"));
    assert_true(has(&pdf, "/Creator (csmap " CSM_VERSION ")"));
    /* cairo 1.16 leaves out the "D:"; later versions write it */
    assert_true(has(&pdf, "/CreationDate (D:20010203000000Z)") ||
                has(&pdf, "/CreationDate (20010203000000Z)"));
    assert_true(has(&pdf, "/ModDate (D:20010203000000Z)") ||
                has(&pdf, "/ModDate (20010203000000Z)"));
    strftime(today, sizeof today, "%Y%m%d", gmtime(&now));
    snprintf(stamp, sizeof stamp, "D:%s", today);
    assert_false(has(&pdf, stamp));
    snprintf(stamp, sizeof stamp, "(%s", today);
    assert_false(has(&pdf, stamp));
    assert_true(has(&pdf, "/FontFile"));
    assert_true(has(&pdf, "DejaVuSans"));
    render(p, CSM_FORMAT_PDF, 0, &again);
    assert_int_equal(pdf.len, again.len);
    assert_memory_equal(pdf.data, again.data, pdf.len);
    csm_buf_release(&pdf);
    csm_buf_release(&again);
    csm_page_free(p);
}

static void pdf_month_date_is_the_first(void **state)
{
    csm_page *p = sample_page("2001-02");
    csm_buf pdf;

    (void)state;
    render(p, CSM_FORMAT_PDF, 0, &pdf);
    assert_true(has(&pdf, "20010201000000Z)"));
    csm_buf_release(&pdf);
    csm_page_free(p);
}

/* Without a date cairo would write the clock: two renders a second apart
 * must still agree, and carry no date at all. */
static void pdf_without_date_never_reads_the_clock(void **state)
{
    csm_page *p = sample_page(NULL);
    struct timespec pause = {1, 100000000};
    csm_buf a, b;

    (void)state;
    render(p, CSM_FORMAT_PDF, 0, &a);
    nanosleep(&pause, NULL);
    render(p, CSM_FORMAT_PDF, 0, &b);
    assert_false(has(&a, "/CreationDate"));
    assert_false(has(&a, "/ModDate"));
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len);
    csm_buf_release(&a);
    csm_buf_release(&b);
    csm_page_free(p);
}

static void svg_is_svg_and_the_same_twice(void **state)
{
    csm_page *p = sample_page("2001-02-03");
    csm_buf a, b;

    (void)state;
    render(p, CSM_FORMAT_SVG, 0, &a);
    render(p, CSM_FORMAT_SVG, 0, &b); /* cairo's surface ids have moved on */
    assert_true(has(&a, "<svg"));
    assert_true(has(&a, "width=\"595.27"));
    assert_true(has(&a, "id=\"surface1\""));
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len);
    csm_buf_release(&a);
    csm_buf_release(&b);
    csm_page_free(p);
}

static void too_large_png_fails_cleanly(void **state)
{
    csm_page *p = sample_page(NULL);
    csm_buf out;
    csm_error err = {0, ""};

    (void)state;
    assert_int_equal(csm_render_page(p, CSM_FORMAT_PNG, 1e6, &out, &err),
                     CSM_ERENDER);
    assert_null(out.data);
    assert_int_equal(out.len, 0);
    assert_int_equal(strncmp(err.msg, "cannot render: ", 15), 0);
    csm_page_free(p);
}

/* ---- text ----------------------------------------------------------- */

static void measure_grows_with_text_and_wraps(void **state)
{
    double w1, h1, w2, h2, w3, h3, wb, hb, w20, h20;

    (void)state;
    csm_render_measure("Station", 10, 0, 0, &w1, &h1);
    csm_render_measure("Station Road", 10, 0, 0, &w2, &h2);
    assert_true(w1 > 5 && w1 < 20); /* 7 letters at 10 pt */
    assert_true(w2 > w1);
    assert_near(h1, h2, 1e-9);
    assert_true(h1 > 3 && h1 < 6); /* one 10 pt line is ~4.1 mm */
    csm_render_measure("Station Road", 10, 1, 0, &wb, &hb);
    assert_true(wb > w2);
    csm_render_measure("Station Road", 20, 0, 0, &w20, &h20);
    assert_near(w20, 2 * w2, 0.01 * w2); /* no hinting: linear */
    csm_render_measure("Station Road near the market", 10, 0, 15, &w3, &h3);
    assert_true(h3 > 2 * h1);
    assert_true(w3 <= 15 + 1e-6);
    csm_render_measure("", 10, 0, 0, &w3, &h3);
    assert_near(w3, 0, 1e-9);
    csm_render_measure("bad \xff byte", 10, 0, 0, &w3, &h3); /* no crash */
    assert_true(w3 > 0);
}

/* The ink of a rendered label lies in the box csm_render_measure gave,
 * and fills most of its width, at 150 and at 600 dpi alike. */
static void ink_box(const image *im, double *x0, double *x1, double *y0,
                    double *y1)
{
    unsigned x, y, minx = ~0u, maxx = 0, miny = ~0u, maxy = 0;
    double mm = 25.4 / im->dpi;

    for (y = 0; y < im->img.height; y++)
        for (x = 0; x < im->img.width; x++)
            if (!is_white(im->px + 3 * ((size_t)y * im->img.width + x))) {
                minx = x < minx ? x : minx;
                maxx = x > maxx ? x : maxx;
                miny = y < miny ? y : miny;
                maxy = y > maxy ? y : maxy;
            }
    assert_true(minx <= maxx);
    *x0 = minx * mm;
    *x1 = (maxx + 1) * mm;
    *y0 = miny * mm;
    *y1 = (maxy + 1) * mm;
}

static void rendered_text_fits_its_measure_at_any_dpi(void **state)
{
    static const double dpis[] = {150, 600};
    const char *text = "Hamburgefonstiv";
    csm_page *p = csm_page_new(80, 20);
    double w, h, x0, x1, y0, y1, px, first_x1 = 0;
    csm_buf png;
    image im;
    size_t i;

    (void)state;
    csm_render_measure(text, 12, 0, 0, &w, &h);
    add_text(p, 10, 5, text, 0, 0);
    for (i = 0; i < 2; i++) {
        render(p, CSM_FORMAT_PNG, dpis[i], &png);
        decode(&png, dpis[i], &im);
        ink_box(&im, &x0, &x1, &y0, &y1);
        px = 25.4 / dpis[i]; /* antialiasing bleeds up to a pixel */
        assert_true(x0 >= 10 - px && x1 <= 10 + w + px);
        assert_true(x1 - x0 > 0.9 * w);
        assert_true(y0 >= 5 - px && y1 <= 5 + h + px);
        if (i == 0)
            first_x1 = x1;
        else
            assert_near(x1, first_x1, 25.4 / 150 + 1e-9); /* one px */
        free(im.px);
        csm_buf_release(&png);
    }
    csm_page_free(p);
}

static void format_from_extension(void **state)
{
    (void)state;
    assert_int_equal(csm_format_from_path("map.pdf"), CSM_FORMAT_PDF);
    assert_int_equal(csm_format_from_path("out/Map.PDF"), CSM_FORMAT_PDF);
    assert_int_equal(csm_format_from_path("a.b.svg"), CSM_FORMAT_SVG);
    assert_int_equal(csm_format_from_path("map.Png"), CSM_FORMAT_PNG);
    assert_int_equal(csm_format_from_path("map.jpg"), -1);
    assert_int_equal(csm_format_from_path("map"), -1);
    assert_int_equal(csm_format_from_path("maps.png/map"), -1);
    assert_int_equal(csm_format_from_path("map.pdf.bak"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(png_pixels_land_where_the_page_says),
        cmocka_unit_test(png_is_rgb_with_dpi_and_no_time_or_text),
        cmocka_unit_test(pdf_carries_title_and_page_date_and_embeds_fonts),
        cmocka_unit_test(pdf_month_date_is_the_first),
        cmocka_unit_test(pdf_without_date_never_reads_the_clock),
        cmocka_unit_test(svg_is_svg_and_the_same_twice),
        cmocka_unit_test(too_large_png_fails_cleanly),
        cmocka_unit_test(measure_grows_with_text_and_wraps),
        cmocka_unit_test(rendered_text_fits_its_measure_at_any_dpi),
        cmocka_unit_test(format_from_extension),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
