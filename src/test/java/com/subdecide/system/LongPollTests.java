package com.subdecide.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LongPollTests {

    @Test
    void waitSecondsIsAWholeNumberFromZeroTo120() {
        assertThat(LongPoll.seconds(null)).isZero();
        assertThat(LongPoll.seconds(" ")).isZero();
        assertThat(LongPoll.seconds("0")).isZero();
        assertThat(LongPoll.seconds("120")).isEqualTo(120);
        for (String bad : new String[] {"-1", "121", "1.5", "ten", "99999999999"}) {
            assertThatThrownBy(() -> LongPoll.seconds(bad)).isInstanceOfSatisfying(InvalidRequestException.class,
                    e -> assertThat(e.problems()).extracting(FieldProblem::path).containsExactly("wait_seconds"));
        }
    }

    @Test
    void answersAsSoonAsTheJobHasFinishedAndAtOnceWithoutWaiting() {
        AtomicInteger reads = new AtomicInteger();
        String status = LongPoll.until(() -> reads.incrementAndGet() < 3 ? "RUNNING" : "DONE", LongPoll::finished, 30);
        assertThat(status).isEqualTo("DONE");
        assertThat(reads).hasValue(3);

        assertThat(LongPoll.until(() -> "QUEUED", LongPoll::finished, 0)).isEqualTo("QUEUED");
        assertThat(LongPoll.finished("FAILED")).isTrue();
    }
}
