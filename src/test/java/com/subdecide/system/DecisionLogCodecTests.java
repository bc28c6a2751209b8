package com.subdecide.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class DecisionLogCodecTests {

    @Property(tries = 300)
    void anyTextComesBackAsItWent(@ForAll @StringLength(max = 5000) String text) {
        assertThat(DecisionLog.inflate(DecisionLog.deflate(text))).isEqualTo(text);
    }

    @Test
    void aLargeRequestShrinksAndComesBackWhole() {
        StringBuilder json = new StringBuilder("{\"user_id\":\"u-ü\",\"watchlist\":[");
        for (int i = 0; i < 2000; i++) {
            json.append(i == 0 ? "" : ",").append("{\"title_id\":\"t-").append(i).append("\",\"priority\":")
                    .append(i % 5 + 1).append(",\"platforms\":[\"netflix\",\"max\"]}");
        }
        String text = json.append("]}").toString();
        byte[] deflated = DecisionLog.deflate(text);
        assertThat(deflated.length).isLessThan(text.length() / 5);
        assertThat(DecisionLog.inflate(deflated)).isEqualTo(text);
    }

    @Test
    void damagedDataIsAnErrorNotAWrongRequest() {
        byte[] deflated = DecisionLog.deflate("{\"user_id\":\"u-42\",\"budget\":40}".repeat(20));
        assertThatThrownBy(() -> DecisionLog.inflate(Arrays.copyOf(deflated, deflated.length / 2)))
                .isInstanceOf(IllegalStateException.class);
    }
}
