/* cmd_info.c - `csmap info SOURCE`: what GDAL sees in a source. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char info_usage[] =
    "usage: csmap info SOURCE\n"
    "\n"
    "List the layers of any vector source GDAL opens (GeoJSON, GeoPackage,\n"
    "Shapefile, FlatGeobuf, KML, CSV, PG:...): for each, its geometry type,\n"
    "feature count, CRS, extent and fields.  Prints no data values.\n";

int cmd_info(int argc, char **argv)
{
    const char *src = NULL;
    csm_error err = {0, ""};
    csm_buf out;
    int i;

    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(info_usage, stdout);
            return CLI_OK;
        }
        if (argv[i][0] == '-' && argv[i][1])
            return cli_usage("info", "unknown option '%s'", argv[i]);
        if (src)
            return cli_usage("info", "one SOURCE at a time");
        src = argv[i];
    }
    if (!src)
        return cli_usage("info", "no SOURCE given");
    csm_buf_init(&out);
    if (csm_read_info(src, &out, &err)) {
        csm_buf_release(&out);
        return cli_error(&err);
    }
    if (out.len)
        fwrite(out.data, 1, out.len, stdout);
    csm_buf_release(&out);
    return CLI_OK;
}
