#ifndef CIVIL_RDKAFKA_BASELINE_H
#define CIVIL_RDKAFKA_BASELINE_H

/* Plain C loops over librdkafka: the baseline the Swift wrapper is measured against, with the
 * same client settings and the same work per message. Each returns elapsed seconds, or a
 * negative number on failure. */

/* Produces `count` messages of `size` bytes (keys "k<i % 1000>") and waits for every delivery
 * report; the clock runs from the first produce call to the last report. */
double civil_baseline_produce(const char *bootstrap, const char *topic, int count, int size);

/* Consumes `count` messages as a group member, storing each offset after "processing" it; the
 * clock runs from the first message to the last. `prefetch_kbytes` and `fetch_max_bytes` are
 * `queued.max.messages.kbytes` and `fetch.max.bytes`, as the Swift consumer's. */
double civil_baseline_consume(const char *bootstrap, const char *topic, const char *group, int count,
                              int prefetch_kbytes, int fetch_max_bytes);

/* Produces `count` records shaped like one given record, as a plain C loop would: each a copy of
 * `value` (`value_len` bytes) with its own 22-character id written at `id_offset` and its own
 * 34-character key ("p_" and 32 hex digits) written at `key_offset`, keyed by that key, with the
 * `header_count` headers `names`/`values` of which header `id_header` carries the id and header
 * `key_header` the key. Waits for every delivery report; the clock runs from the first produce
 * call to the last report. */
double civil_baseline_produce_records(const char *bootstrap, const char *topic, int count, const char *value, int value_len,
                                      int id_offset, int key_offset, int header_count, const char *const *names,
                                      const char *const *values, int id_header, int key_header);

#endif
