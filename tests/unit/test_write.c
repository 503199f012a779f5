/* test_write.c - atomic file writes: replace, and fail leaving nothing. */
#include "check.h"
#include "csmap.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A fresh folder under /tmp; the name is in 'dir'. */
static void make_dir(char *dir, size_t n)
{
    snprintf(dir, n, "/tmp/csm-write-XXXXXX");
    assert_non_null(mkdtemp(dir));
}

/* How many entries 'dir' holds (besides . and ..); the first in *name. */
static int count_entries(const char *dir, char *name, size_t n)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int count = 0;

    assert_non_null(d);
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (count++ == 0 && name)
            snprintf(name, n, "%s", e->d_name);
    }
    closedir(d);
    return count;
}

static void slurp(const char *path, char *out, size_t n)
{
    FILE *f = fopen(path, "rb");
    size_t k;

    assert_non_null(f);
    k = fread(out, 1, n - 1, f);
    out[k] = '\0';
    fclose(f);
}

static void put(csm_buf *b, const char *s)
{
    csm_buf_init(b);
    assert_int_equal(csm_buf_append(b, s, strlen(s), NULL), 0);
}

static void replaces_atomically_and_leaves_no_temp(void **state)
{
    char dir[64], path[128], name[256], got[64];
    csm_buf b;
    csm_error err = {0, ""};
    struct stat st;
    mode_t mask = umask(022);

    (void)state;
    make_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/map.pdf", dir);
    put(&b, "old map");
    assert_int_equal(csm_write_file(path, &b, &err), 0);
    csm_buf_release(&b);
    put(&b, "new map");
    assert_int_equal(csm_write_file(path, &b, &err), 0);
    csm_buf_release(&b);
    slurp(path, got, sizeof got);
    assert_string_equal(got, "new map");
    assert_int_equal(count_entries(dir, name, sizeof name), 1);
    assert_string_equal(name, "map.pdf");
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644);
    csm_buf_init(&b); /* an empty map is still a file */
    assert_int_equal(csm_write_file(path, &b, &err), 0);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_size, 0);
    unlink(path);
    rmdir(dir);
    umask(mask);
}

static void missing_folder_fails_and_leaves_nothing(void **state)
{
    char dir[64], path[128];
    csm_buf b;
    csm_error err = {0, ""};

    (void)state;
    make_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/missing/map.png", dir);
    put(&b, "map");
    assert_int_equal(csm_write_file(path, &b, &err), CSM_EIO);
    assert_non_null(strstr(err.msg, "cannot write '"));
    assert_non_null(strstr(err.msg, "/missing/map.png': "));
    assert_non_null(strstr(err.msg, "No such file or directory"));
    assert_int_equal(count_entries(dir, NULL, 0), 0);
    csm_buf_release(&b);
    rmdir(dir);
}

/* chmod cannot stop root, who runs CI: a path under a regular file fails
 * for everyone. */
static void folder_that_is_a_file_fails(void **state)
{
    csm_buf b;
    csm_error err = {0, ""};

    (void)state;
    put(&b, "map");
    assert_int_equal(csm_write_file("/dev/null/map.pdf", &b, &err), CSM_EIO);
    assert_string_equal(err.msg,
                        "cannot write '/dev/null/map.pdf': Not a directory");
    csm_buf_release(&b);
}

/* The rename fails onto a folder: the folder is untouched and the
 * temporary file is gone. */
static void failed_rename_removes_the_temp(void **state)
{
    char dir[64], path[128], name[256];
    csm_buf b;
    csm_error err = {0, ""};

    (void)state;
    make_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/map.pdf", dir);
    assert_int_equal(mkdir(path, 0755), 0);
    put(&b, "map");
    assert_int_equal(csm_write_file(path, &b, &err), CSM_EIO);
    assert_int_equal(count_entries(dir, name, sizeof name), 1);
    assert_string_equal(name, "map.pdf");
    csm_buf_release(&b);
    rmdir(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(replaces_atomically_and_leaves_no_temp),
        cmocka_unit_test(missing_folder_fails_and_leaves_nothing),
        cmocka_unit_test(folder_that_is_a_file_fails),
        cmocka_unit_test(failed_rename_removes_the_temp),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
