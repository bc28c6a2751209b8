package com.subdecide.benefits;

import com.fasterxml.jackson.databind.JsonNode;
import com.subdecide.rules.ActiveRuleSet;
import com.subdecide.system.JsonRequestReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Members and their tiers: who a population allocation covers. Written in batches, the newest tier wins. */
@Service
public class Members {

    static final int MAX_BATCH = 10_000;

    /** One member's tier. */
    public record Member(String userId, String tier) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final ActiveRuleSet rules;
    private final BenefitAllocator allocator;

    Members(JdbcClient jdbc, JdbcTemplate template, ActiveRuleSet rules, BenefitAllocator allocator) {
        this.jdbc = jdbc;
        this.template = template;
        this.rules = rules;
        this.allocator = allocator;
    }

    /** Reads {@code {"members": [{"user_id", "tier"}]}}; a tier must be one the live rules know. */
    public List<Member> read(JsonNode body) {
        JsonRequestReader in = new JsonRequestReader();
        List<JsonNode> items = in.array(body, "$", "members", true, MAX_BATCH);
        Map<String, Boolean> known = new LinkedHashMap<>();
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String at = "$.members[" + i + "]";
            if (!in.isObject(items.get(i), at)) {
                continue;
            }
            String user = in.string(items.get(i), at, "user_id", true, 200);
            String tier = in.string(items.get(i), at, "tier", true, 40);
            if (tier != null && !known.computeIfAbsent(tier, t -> !allocator.offers("tier-probe", t, rules.current(),
                    new com.subdecide.benefits.domain.BenefitUser("tier-probe", 0, 0, 0)).slots().isEmpty())) {
                in.problem(at + ".tier", "unknown_value", "no tier '" + tier + "' in the Slots table");
            }
            members.add(new Member(user, tier));
        }
        in.throwIfProblems();
        return members;
    }

    /** Stores the tiers (a user listed twice keeps the last); answers the members per tier now. */
    public Map<String, Long> store(List<Member> members) {
        Map<String, String> last = new LinkedHashMap<>();
        members.forEach(m -> last.put(m.userId(), m.tier()));
        String[] users = last.keySet().toArray(new String[0]);
        String[] tiers = last.values().toArray(new String[0]);
        template.execute((java.sql.Connection c) -> {
            try (java.sql.PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO benefit_member (user_id, tier)
                    SELECT * FROM unnest(?::text[], ?::text[])
                    ON CONFLICT (user_id) DO UPDATE SET tier = EXCLUDED.tier, updated_at = now()
                    """)) {
                ps.setArray(1, c.createArrayOf("text", users));
                ps.setArray(2, c.createArrayOf("text", tiers));
                return ps.executeUpdate();
            }
        });
        return counts();
    }

    /** Members per tier. */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.sql("SELECT tier, count(*) AS n FROM benefit_member GROUP BY tier ORDER BY tier")
                .query(rs -> {
                    counts.put(rs.getString("tier"), rs.getLong("n"));
                });
        return counts;
    }

    /** The members of these tiers, by user id. */
    List<Member> ofTiers(List<String> tiers) {
        return jdbc.sql("SELECT user_id, tier FROM benefit_member WHERE tier = ANY(CAST(:tiers AS text[])) ORDER BY user_id")
                .param("tiers", "{" + String.join(",", tiers.stream().map(t -> "\"" + t.replace("\\", "\\\\").replace("\"", "\\\"") + "\"").toList()) + "}")
                .query((rs, i) -> new Member(rs.getString("user_id"), rs.getString("tier"))).list();
    }
}
