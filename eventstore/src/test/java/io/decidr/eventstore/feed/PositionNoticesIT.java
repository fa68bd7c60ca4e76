package io.decidr.eventstore.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.eventstore.Checkpoint;
import io.decidr.eventstore.testing.TestPostgres;
import io.r2dbc.pool.ConnectionPool;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/** Positions announced through PostgreSQL reach the listeners of every process (here: another connection). */
class PositionNoticesIT {

    private ConnectionPool pool;
    private EventNotifications notifications;
    private Disposable following;
    private final BlockingQueue<PositionNotice> seen = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() {
        TestPostgres.Database database = TestPostgres.newDatabase();
        pool = database.pool(2);
        notifications = new EventNotifications(database.connectionFactory());
        following = notifications.positions().subscribe(seen::add);
    }

    @AfterEach
    void stop() {
        following.dispose();
        notifications.close();
        pool.dispose();
    }

    @Test
    void an_announced_position_reaches_the_listeners_whole() throws InterruptedException {
        PositionAnnouncer announcer = new PositionAnnouncer(pool);
        // the listening connection comes up asynchronously: announce until one arrives
        PositionNotice first = null;
        for (int attempt = 0; attempt < 100 && first == null; attempt++) {
            announcer.announce("warm-up", new Checkpoint(1, 1)).block(Duration.ofSeconds(10));
            first = seen.poll(100, TimeUnit.MILLISECONDS);
        }
        assertThat(first).isNotNull();
        seen.clear();

        // a transaction id above 2^63 (read as an unsigned 64-bit number) and a name with spaces survive the trip
        announcer.announce("entities @g2 with spaces", new Checkpoint(-2L, 123_456_789_012L)).block(Duration.ofSeconds(10));
        PositionNotice notice = seen.poll(10, TimeUnit.SECONDS);
        while (notice != null && notice.reader().equals("warm-up")) {
            notice = seen.poll(10, TimeUnit.SECONDS);
        }
        assertThat(notice).isEqualTo(new PositionNotice("entities @g2 with spaces", new Checkpoint(-2L, 123_456_789_012L)));
    }
}
