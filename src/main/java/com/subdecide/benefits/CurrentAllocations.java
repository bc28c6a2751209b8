package com.subdecide.benefits;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Each user's current benefits (the latest allocation, as changed by allowed swaps) and the swaps asked for. */
@Repository
public class CurrentAllocations {

    /** A user's current benefits. */
    public record Current(String userId, String tier, UUID decisionId, List<BenefitAllocator.Given> benefits) {
    }

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    CurrentAllocations(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void put(String userId, String tier, UUID decisionId, List<BenefitAllocator.Given> benefits) {
        jdbc.sql("""
                INSERT INTO benefit_allocation (user_id, tier, decision_id, benefits) VALUES (:u, :t, :d, CAST(:b AS json))
                ON CONFLICT (user_id) DO UPDATE SET tier = :t, decision_id = :d, benefits = CAST(:b AS json), updated_at = now()
                """).param("u", userId).param("t", tier).param("d", decisionId).param("b", write(benefits)).update();
    }

    public Optional<Current> find(String userId) {
        return jdbc.sql("SELECT tier, decision_id, benefits::text AS benefits FROM benefit_allocation WHERE user_id = :u")
                .param("u", userId)
                .query((rs, i) -> new Current(userId, rs.getString("tier"), rs.getObject("decision_id", UUID.class),
                        read(rs.getString("benefits"))))
                .optional();
    }

    public void recordSwap(String userId, String give, String take, boolean allowed, String reason) {
        jdbc.sql("INSERT INTO benefit_swap (user_id, give, take, allowed, reason) VALUES (:u, :g, :t, :a, :r)")
                .param("u", userId).param("g", give).param("t", take).param("a", allowed).param("r", reason).update();
    }

    public long swaps(String userId) {
        return jdbc.sql("SELECT count(*) FROM benefit_swap WHERE user_id = :u").param("u", userId).query(Long.class).single();
    }

    private String write(List<BenefitAllocator.Given> benefits) {
        try {
            return json.writeValueAsString(benefits);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<BenefitAllocator.Given> read(String text) {
        try {
            return json.readValue(text, new TypeReference<List<BenefitAllocator.Given>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
