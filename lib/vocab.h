/*
 * vocab.h: the record's vocabulary, in one place (README, "The record"):
 * the words of `channel`, `kind`, `status`, `satisfaction`, the submitter's
 * `type`, and pakn-deadline's `deadline_state`, each with its Vietnamese
 * and English label for the reports.  Every program that tests, writes or
 * prints one of these words takes it from here.
 */
#ifndef PAKN_VOCAB_H
#define PAKN_VOCAB_H

#include <stddef.h>

enum pakn_vocab_id {
	PAKN_VOCAB_CHANNEL,
	PAKN_VOCAB_KIND,
	PAKN_VOCAB_STATUS,
	PAKN_VOCAB_SATISFACTION,
	PAKN_VOCAB_SUBMITTER_TYPE,
	PAKN_VOCAB_STATE,
	PAKN_VOCAB_COUNT
};

/* One word and its labels. */
struct pakn_word {
	const char *word, *vi, *en;
};

/* The words of a vocabulary, ending with a {NULL} entry; *n their count. */
const struct pakn_word *pakn_vocab(enum pakn_vocab_id v, size_t *n);
/* The key whose values a vocabulary gives ("channel", ...). */
const char *pakn_vocab_key(enum pakn_vocab_id v);
/* The index of word s (n bytes) in the vocabulary, or -1. */
int pakn_vocab_find(enum pakn_vocab_id v, const char *s, size_t n);
/* Writes the words as "a, b, c" into out (size outlen, NUL-terminated). */
void pakn_vocab_list(enum pakn_vocab_id v, char *out, size_t outlen);

/* The states a deadline judgement gives (deadline.h), in the order of
 * PAKN_VOCAB_STATE's words. */
enum pakn_state {
	PAKN_STATE_OPEN,
	PAKN_STATE_DUE_SOON,
	PAKN_STATE_OVERDUE,
	PAKN_STATE_ON_TIME,
	PAKN_STATE_LATE,
	PAKN_STATE_UNDATED, /* answered, date unknown */
	PAKN_STATE_COUNT
};

/* The state's word ("answered_on_time"). */
const char *pakn_state_name(enum pakn_state s);

/* Statuses that say a case was answered or closed. */
int pakn_status_is_answered(const char *s, size_t n);

#endif
