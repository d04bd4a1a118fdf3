/*
 * fuzz-quiz.c - lab 1's answers reader (quiz_parse_answers), and the
 * grading of whatever it accepts against the quiz of seed 1.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "grader/grade.h"
#include "grader/quiz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct quiz quiz;
	static int have_quiz;
	struct quiz_answers ans;
	struct grade_report rep;
	char err[QUIZ_ERRLEN];
	FILE *fp;

	if (!have_quiz) {
		if (quiz_make(&quiz, 1, -1, err, sizeof(err)) != 0)
			fuzz_die("quiz_make(1)", err);
		have_quiz = 1;
	}
	fp = fuzz_fopen(data, size);
	memset(err, 0x7f, sizeof(err));
	memset(&ans, 0, sizeof(ans));
	if (quiz_parse_answers(fp, FUZZ_NAME, &ans, err, sizeof(err)) != 0) {
		fclose(fp);
		fuzz_check_msg(err, sizeof(err), 0);
		return 0;
	}
	fclose(fp);
	memset(&rep, 0, sizeof(rep));
	if (quiz_grade(&quiz, &ans, 1, &rep) != 0)
		fuzz_die("quiz_grade failed", NULL);
	grade_report_free(&rep);
	return 0;
}
