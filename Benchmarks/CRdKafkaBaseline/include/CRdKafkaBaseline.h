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

#endif
