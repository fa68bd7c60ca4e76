package io.decidr.platform.uploads;

import io.decidr.eventstore.upload.UploadStore;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Deletes, now and then, uploads no job claimed before they expired and uploads whose sender stopped midway. Every
 * replica sweeps: the delete is one statement, and two sweeping at once delete each upload once.
 */
public final class UploadSweeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UploadSweeper.class);

    private final Disposable running;

    private UploadSweeper(Disposable running) {
        this.running = running;
    }

    static UploadSweeper start(UploadStore store, Duration every, Duration stalledAfter) {
        Disposable running = Flux.interval(every, every)
                .concatMap(tick -> store.sweep(stalledAfter)
                        .doOnNext(deleted -> {
                            if (deleted > 0) {
                                log.info("deleted {} expired or abandoned uploads", deleted);
                            }
                        })
                        .onErrorResume(failed -> {
                            log.warn("sweeping uploads failed; trying again in {}", every, failed);
                            return Mono.empty();
                        }))
                .subscribe();
        return new UploadSweeper(running);
    }

    @Override
    public void close() {
        running.dispose();
    }
}
