/*
 * Differential-test oracle: glibc POSIX ERE, the reference for the RFC profile.
 *
 * Request, one per line on stdin:   hex(pattern) \t hex(input) \t icase(0|1)
 * Response, one per line on stdout:
 *   ERR \t <regcomp error code>
 *   OK \t <groups>
 * where <groups> is "-" when regexec finds nothing, else "rm_so:rm_eo" for groups
 * 0..re_nsub joined by "," ("-1:-1" for a group that did not take part).
 */
#define _GNU_SOURCE
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 0;
}

/* Decodes hex in place; returns the decoded length. NUL-terminates. */
static size_t decodeHex(char *text, size_t length) {
  size_t out = 0;
  for (size_t i = 0; i + 1 < length; i += 2) {
    text[out++] = (char)(hexValue(text[i]) * 16 + hexValue(text[i + 1]));
  }
  text[out] = '\0';
  return out;
}

static void answerRequest(char *line) {
  char *tab1 = strchr(line, '\t');
  char *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
  if (!tab2) {
    fputs("ERR\t-1\n", stdout);
    return;
  }
  *tab1 = '\0';
  *tab2 = '\0';
  char *pattern = line;
  char *input = tab1 + 1;
  int icase = tab2[1] == '1';
  decodeHex(pattern, strlen(pattern));
  decodeHex(input, strlen(input));

  regex_t re;
  int code = regcomp(&re, pattern, REG_EXTENDED | (icase ? REG_ICASE : 0));
  if (code != 0) {
    printf("ERR\t%d\n", code);
    return;
  }
  size_t count = re.re_nsub + 1;
  regmatch_t *pm = calloc(count, sizeof *pm);
  if (!pm) abort();
  if (regexec(&re, input, count, pm, 0) != 0) {
    fputs("OK\t-\n", stdout);
  } else {
    fputs("OK\t", stdout);
    for (size_t i = 0; i < count; ++i) {
      printf(i ? ",%ld:%ld" : "%ld:%ld", (long)pm[i].rm_so, (long)pm[i].rm_eo);
    }
    fputc('\n', stdout);
  }
  free(pm);
  regfree(&re);
}

int main(void) {
  char *line = NULL;
  size_t capacity = 0;
  ssize_t length;
  /*
   * Flush per answer: the caller reads concurrently and, if an answer never comes (glibc
   * is exponential on some nested repeats), knows which request hung and skips it.
   */
  while ((length = getline(&line, &capacity, stdin)) != -1) {
    while (length > 0 && (line[length - 1] == '\n' || line[length - 1] == '\r')) line[--length] = '\0';
    answerRequest(line);
    fflush(stdout);
  }
  free(line);
  return 0;
}
