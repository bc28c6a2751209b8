package com.subdecide.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReadmeExamplesTests {

    private static final String README = """
            # Title

            ```sh
            ./mvnw -B verify
            ```

            ```sh
            curl -s localhost:8080/x | jq .
            ```

            ```json
            {"id": "958c6763-1e1f-4e56-8e47-1cda944d7741", "optimal": true, "cost": 26.98, "list": [1, 2],
             "reason": "Core benefit of SILVER", "at": "2026-11-23T14:21:50.699715035Z"}
            ```

            ```sh
            echo two lines
            ```

            ```text
            {"benefit_id":"cashback_5","auc":0.742}
            3000 users (seed 42): 130134 events accepted
            ```
            """;

    @Test
    void commandBlocksArePairedWithTheOutputThatFollowsThem() {
        List<ReadmeExamples.Example> examples = ReadmeExamples.parse(README);

        assertThat(examples).extracting(ReadmeExamples.Example::commands)
                .containsExactly("./mvnw -B verify\n", "curl -s localhost:8080/x | jq .\n", "echo two lines\n");
        assertThat(examples.get(0).expected()).isNull();
        assertThat(examples.get(1).json()).isTrue();
        assertThat(examples.get(2).json()).isFalse();
        assertThat(examples.get(1).line()).isEqualTo(7);
    }

    @Test
    void anOutputWithOtherIdsTimesAndNumbersMatches() {
        ReadmeExamples.Example json = ReadmeExamples.parse(README).get(1);

        assertThat(ReadmeExamples.differences(json, """
                {"id": "00000000-1e1f-4e56-8e47-1cda944d7741", "optimal": true, "cost": 3, "list": [7, 8],
                 "reason": "Core benefit of SILVER", "at": "2027-01-02T00:00:00Z"}""")).isEmpty();
        assertThat(ReadmeExamples.differences(ReadmeExamples.parse(README).get(2), """
                {"benefit_id":"cashback_5","auc":0.81}
                12 users (seed 7): 5 events accepted""")).isEmpty();
    }

    @Test
    void otherKeysLengthsBooleansTypesOrWordsAreDifferences() {
        ReadmeExamples.Example json = ReadmeExamples.parse(README).get(1);

        assertThat(ReadmeExamples.differences(json, """
                {"id": "x", "optimal": false, "cost": "26.98", "list": [1],
                 "reason": "Core benefit of GOLD", "extra": 1}"""))
                .containsExactlyInAnyOrder(
                        "$: README's keys [at, cost, id, list, optimal, reason], printed [cost, extra, id, list, optimal, reason]",
                        "$.cost: README has a NUMBER (26.98), printed a STRING (\"26.98\")",
                        "$.id: README '958c6763-1e1f-4e56-8e47-1cda944d7741', printed 'x'",
                        "$.list: 2 items in the README, 1 printed: [1]",
                        "$.optimal: README true, printed false",
                        "$.reason: README 'Core benefit of SILVER', printed 'Core benefit of GOLD'");
        assertThat(ReadmeExamples.differences(ReadmeExamples.parse(README).get(2), """
                {"benefit_id":"cashback_5"}
                3000 users (seed 42): 130134 events refused"""))
                .containsExactly("line 1 $: README's keys [auc, benefit_id], printed [benefit_id]",
                        "line 2: README '3000 users (seed 42): 130134 events accepted', printed "
                                + "'3000 users (seed 42): 130134 events refused'");
        assertThat(ReadmeExamples.differences(ReadmeExamples.parse(README).get(2), "one line"))
                .singleElement().asString().startsWith("2 lines in the README, 1 printed");
    }

    @Test
    void aBlockOfAnotherKindIsRefused() {
        assertThatThrownBy(() -> ReadmeExamples.parse("```\nls\n```\n"))
                .hasMessageContaining("README line 1: a block must be sh, json or text, not ''");
    }
}
