package io.decidr.bench.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import io.decidr.application.handlers.CollectionHandler;
import io.decidr.application.handlers.Requester;
import io.decidr.bench.BenchContext;
import io.decidr.bench.CpuMeter;
import io.decidr.bench.Latencies;
import io.decidr.bench.Measured;
import io.decidr.bench.Platform;
import io.decidr.bench.Row;
import io.decidr.bench.Target;
import io.decidr.bench.Workload;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.collection.NumberType;
import io.decidr.domain.collection.TextType;
import io.decidr.domain.job.JobKind;
import io.decidr.workflows.job.JobParameters;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * A large file imported end to end: generated as it is sent (never held whole), streamed to {@code POST /uploads},
 * then imported by an IMPORT job naming the upload, timed until the job's workflow ends; the upload must be gone
 * afterwards. Rows of about 200 bytes; how many: {@code -Dbench.upload.rows} (default 5,000 in smoke mode, 20,000
 * otherwise; the 1,000,000-row run: {@code BENCH_JAVA_OPTS=-Dbench.upload.rows=1000000 bin/bench --only upload}).
 * The bench and the platform share one JVM, so the peak heap reported is the whole process's.
 */
public final class LargeImport implements Workload {

    private static final Duration WAIT = Duration.ofHours(2);

    @Override
    public String name() {
        return "upload";
    }

    @Override
    public void run(BenchContext context) throws Exception {
        Platform platform = context.platform();
        int rows = Integer.getInteger("bench.upload.rows", context.sizes().smoke() ? 5_000 : 20_000);
        Requester member = context.fixture().member();
        CollectionHandler collections = platform.bean(CollectionHandler.class);
        CollectionId target = new CollectionId(collections.create(member, "Uploaded rows", UUID.randomUUID()).block().id());
        collections.defineAttribute(member, target, "Name", new TextType(200), false, UUID.randomUUID()).block();
        collections.defineAttribute(member, target, "Score", new NumberType(), false, UUID.randomUUID()).block();
        collections.defineAttribute(member, target, "Notes", new TextType(200), false, UUID.randomUUID()).block();
        String token = platform.devToken(context.fixture().tenant(), "bench-upload", "member");

        try (HeapPeak heap = HeapPeak.start()) {
            CpuMeter cpu = new CpuMeter(platform.property("decidr.dev.data-dir", null));
            CpuMeter.Reading before = cpu.read();
            long started = System.nanoTime();
            HttpResponse<String> uploaded = HttpClient.newHttpClient().send(HttpRequest.newBuilder(platform.uri("/uploads?format=csv"))
                    .header("Authorization", "Bearer " + token)
                    .timeout(WAIT)
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new GeneratedCsv(rows)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            long uploadNanos = System.nanoTime() - started;
            if (uploaded.statusCode() != 201) {
                throw new IllegalStateException("POST /uploads answered " + uploaded.statusCode() + ": " + uploaded.body());
            }
            JsonNode upload = platform.parse(uploaded.body());
            long bytes = upload.path("bytes").asLong();
            context.report().add(Row.of("upload (POST /uploads)", String.format("%,d rows, %d MB, %d parts; peak heap %d MB",
                            rows, bytes >> 20, upload.path("parts").asInt(), heap.peakMegabytes()),
                    measured(rows, uploadNanos, CpuMeter.between(before, cpu.read()))));

            String params = JobParameters.JSON.writeValueAsString(Map.of("upload", upload.path("id").asText()));
            Row imported = Jobs.job(context, JobKind.IMPORT, target, params, String.format("%,d uploaded rows", rows), WAIT);
            context.report().add(new Row(imported.workload(), imported.variant() + "; peak heap " + heap.peakMegabytes()
                    + " MB of " + (Runtime.getRuntime().maxMemory() >> 20) + " MB", imported.measured(), imported.baseline(),
                    imported.baselineName(), new Target.Rate(5_000)));

            HttpResponse<String> after = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            platform.uri("/uploads/" + upload.path("id").asText()))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (after.statusCode() != 404) {
                throw new IllegalStateException("the upload is still there after its import ended: " + after.statusCode());
            }
        }
    }

    private static Measured measured(long operations, long nanos, io.decidr.bench.CpuSplit cpu) {
        Latencies latencies = new Latencies();
        latencies.record(nanos);
        return new Measured(operations, nanos / 1e9, latencies, 0, null, cpu);
    }

    /** CSV rows of about 200 bytes, made as they are read. */
    static final class GeneratedCsv extends InputStream {

        private static final String NOTES = "x".repeat(160);
        private final int rows;
        private int next = -1;
        private byte[] line = "Name,Score,Notes\n".getBytes(StandardCharsets.UTF_8);
        private int at;

        GeneratedCsv(int rows) {
            this.rows = rows;
        }

        @Override
        public int read() {
            if (!fill()) {
                return -1;
            }
            return line[at++] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            int copied = 0;
            while (copied < length && fill()) {
                int n = Math.min(length - copied, line.length - at);
                System.arraycopy(line, at, buffer, offset + copied, n);
                at += n;
                copied += n;
            }
            return copied == 0 ? -1 : copied;
        }

        private boolean fill() {
            if (at < line.length) {
                return true;
            }
            if (++next >= rows) {
                return false;
            }
            line = ("row " + next + "," + (next % 1000) + ",\"" + NOTES + " " + next + "\"\n").getBytes(StandardCharsets.UTF_8);
            at = 0;
            return true;
        }
    }

    /** The most heap in use (after collections or not) while it runs, sampled every 50 ms. */
    static final class HeapPeak implements AutoCloseable {

        private final Thread sampler;
        private volatile long peak;
        private volatile boolean running = true;

        private HeapPeak() {
            sampler = Thread.ofPlatform().daemon().name("heap-peak").start(() -> {
                while (running) {
                    long used = 0;
                    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                        if (pool.getType() == MemoryType.HEAP) {
                            used += pool.getUsage().getUsed();
                        }
                    }
                    peak = Math.max(peak, used);
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException stop) {
                        return;
                    }
                }
            });
        }

        static HeapPeak start() {
            return new HeapPeak();
        }

        long peakMegabytes() {
            return peak >> 20;
        }

        @Override
        public void close() {
            running = false;
            sampler.interrupt();
        }
    }
}
