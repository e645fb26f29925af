#include "CRdKafkaBaseline.h"

#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <pthread.h>

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int set(rd_kafka_conf_t *conf, const char *name, const char *value) {
    char errstr[256];
    if (rd_kafka_conf_set(conf, name, value, errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
        fprintf(stderr, "baseline: %s: %s\n", name, errstr);
        return -1;
    }
    return 0;
}

struct delivery_count { long delivered; long failed; };

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *message, void *opaque) {
    struct delivery_count *count = opaque;
    (void)rk;
    if (message->err) count->failed++; else count->delivered++;
}

static double produce_loop(const char *bootstrap, const char *topic, int count, int size) {
    char errstr[256];
    struct delivery_count reports = {0, 0};
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    if (set(conf, "bootstrap.servers", bootstrap) || set(conf, "enable.idempotence", "true") ||
        set(conf, "linger.ms", "5") || set(conf, "queue.buffering.max.messages", "100000") ||
        set(conf, "allow.auto.create.topics", "false") || set(conf, "log_level", "3")) {
        rd_kafka_conf_destroy(conf);
        return -1;
    }
    rd_kafka_conf_set_opaque(conf, &reports);
    rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    if (!rk) { fprintf(stderr, "baseline: %s\n", errstr); return -1; }

    char *payload = malloc((size_t)size);
    memset(payload, 'x', (size_t)size);
    char key[16];
    /* One delivered message first, as the Swift side does: the clock then measures producing,
     * not the connection, metadata and producer-id start-up (tens of milliseconds, varying). */
    if (rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_VALUE(payload, (size_t)size),
                          RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        free(payload);
        rd_kafka_destroy(rk);
        return -1;
    }
    while (reports.delivered + reports.failed < 1) rd_kafka_poll(rk, 10);
    if (reports.failed) {
        free(payload);
        rd_kafka_destroy(rk);
        return -1;
    }
    reports.delivered = 0;
    double start = now_seconds();
    for (int i = 0; i < count; i++) {
        int key_len = snprintf(key, sizeof key, "k%d", i % 1000);
        for (;;) {
            rd_kafka_resp_err_t err = rd_kafka_producev(
                rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_KEY(key, (size_t)key_len),
                RD_KAFKA_V_VALUE(payload, (size_t)size), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                RD_KAFKA_V_END);
            if (err == RD_KAFKA_RESP_ERR_NO_ERROR) break;
            if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                fprintf(stderr, "baseline produce: %s\n", rd_kafka_err2str(err));
                free(payload);
                rd_kafka_destroy(rk);
                return -1;
            }
            rd_kafka_poll(rk, 10);
        }
        rd_kafka_poll(rk, 0);
    }
    while (reports.delivered + reports.failed < count) rd_kafka_poll(rk, 100);
    double elapsed = now_seconds() - start;
    free(payload);
    rd_kafka_destroy(rk);
    return reports.failed == 0 ? elapsed : -1;
}

static double consume_loop(const char *bootstrap, const char *topic, const char *group, int count,
                           int prefetch_kbytes, int fetch_max_bytes) {
    char errstr[256];
    char prefetch[16], fetch_max[16];
    snprintf(prefetch, sizeof prefetch, "%d", prefetch_kbytes);
    snprintf(fetch_max, sizeof fetch_max, "%d", fetch_max_bytes);
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    if (set(conf, "bootstrap.servers", bootstrap) || set(conf, "group.id", group) ||
        set(conf, "auto.offset.reset", "earliest") || set(conf, "enable.auto.offset.store", "false") ||
        set(conf, "partition.assignment.strategy", "cooperative-sticky") ||
        set(conf, "queued.max.messages.kbytes", prefetch) || set(conf, "auto.commit.interval.ms", "1000") ||
        set(conf, "queued.min.messages", "10000000") ||
        set(conf, "fetch.max.bytes", fetch_max) || set(conf, "fetch.error.backoff.ms", "100") ||
        set(conf, "allow.auto.create.topics", "false") || set(conf, "log_level", "3")) {
        rd_kafka_conf_destroy(conf);
        return -1;
    }
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
    if (!rk) { fprintf(stderr, "baseline: %s\n", errstr); return -1; }
    rd_kafka_poll_set_consumer(rk);
    rd_kafka_topic_partition_list_t *subscription = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(subscription, topic, RD_KAFKA_PARTITION_UA);
    rd_kafka_subscribe(rk, subscription);
    rd_kafka_topic_partition_list_destroy(subscription);

    long received = 0;
    size_t bytes = 0;
    double start = 0;
    while (received < count) {
        rd_kafka_message_t *message = rd_kafka_consumer_poll(rk, 100);
        if (!message) continue;
        if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
            if (received == 0) start = now_seconds();
            bytes += message->len + message->key_len;
            received++;
            /* The cheapest way to store one message's offset (it stores offset + 1). */
            rd_kafka_offset_store(message->rkt, message->partition, message->offset);
        }
        rd_kafka_message_destroy(message);
    }
    double elapsed = now_seconds() - start;
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
    return bytes > 0 ? elapsed : -1;
}

/* Each loop runs on a thread of its own, not on the process's main thread, as the Swift side
 * runs on a thread of Swift's pool. glibc grows the main thread's heap with brk, 128 KB at a
 * time, and other threads' heaps with mprotect, a page at a time. Producing 200,000 records of
 * 1 KB, the process made 343 mprotect calls with this loop on the main thread and about 26,000
 * with it on another, and the loop ran 637k-698k msg/s against 587k-653k. That difference is
 * the allocator's, not the wrapper's. */
struct loop_call {
    const char *bootstrap, *topic, *group;
    int count, size, prefetch_kbytes, fetch_max_bytes;
    double seconds;
};

static void *run_produce(void *opaque) {
    struct loop_call *call = opaque;
    call->seconds = produce_loop(call->bootstrap, call->topic, call->count, call->size);
    return NULL;
}

static void *run_consume(void *opaque) {
    struct loop_call *call = opaque;
    call->seconds = consume_loop(call->bootstrap, call->topic, call->group, call->count, call->prefetch_kbytes,
                                 call->fetch_max_bytes);
    return NULL;
}

static double on_own_thread(void *(*body)(void *), struct loop_call *call) {
    pthread_t thread;
    if (pthread_create(&thread, NULL, body, call) != 0) return -1;
    pthread_join(thread, NULL);
    return call->seconds;
}

double civil_baseline_produce(const char *bootstrap, const char *topic, int count, int size) {
    struct loop_call call = {bootstrap, topic, NULL, count, size, 0, 0, -1};
    return on_own_thread(run_produce, &call);
}

double civil_baseline_consume(const char *bootstrap, const char *topic, const char *group, int count,
                              int prefetch_kbytes, int fetch_max_bytes) {
    struct loop_call call = {bootstrap, topic, group, count, 0, prefetch_kbytes, fetch_max_bytes, -1};
    return on_own_thread(run_consume, &call);
}
