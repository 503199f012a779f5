/* pngprobe.c - print the colour of pixels of a PNG, for end-to-end tests:
 *     pngprobe FILE.png X Y [X Y ...]   ->  one RRGGBB line per pixel
 *     pngprobe FILE.png --size          ->  "WIDTH HEIGHT"            */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    png_image img;
    unsigned char *px;
    int i;

    if (argc < 3) {
        fprintf(stderr, "usage: pngprobe FILE.png X Y [X Y ...] | --size\n");
        return 2;
    }
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&img, argv[1])) {
        fprintf(stderr, "pngprobe: cannot read '%s'\n", argv[1]);
        return 1;
    }
    if (!strcmp(argv[2], "--size")) {
        printf("%u %u\n", img.width, img.height);
        png_image_free(&img);
        return 0;
    }
    img.format = PNG_FORMAT_RGB;
    px = malloc(PNG_IMAGE_SIZE(img));
    if (!px || !png_image_finish_read(&img, NULL, px, 0, NULL)) {
        fprintf(stderr, "pngprobe: cannot decode '%s'\n", argv[1]);
        free(px);
        return 1;
    }
    for (i = 2; i + 1 < argc; i += 2) {
        long x = atol(argv[i]), y = atol(argv[i + 1]);
        const unsigned char *p;
        if (x < 0 || y < 0 || x >= (long)img.width || y >= (long)img.height) {
            printf("outside\n");
            continue;
        }
        p = px + ((size_t)y * img.width + (size_t)x) * 3;
        printf("%02X%02X%02X\n", p[0], p[1], p[2]);
    }
    free(px);
    return 0;
}
