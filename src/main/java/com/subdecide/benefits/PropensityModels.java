package com.subdecide.benefits;

import com.subdecide.system.ConflictException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The Benefit Propensity Score: one logistic-regression model per benefit (Tribuo), fitted on the users' event
 * features against whether they used the benefit ({@code BENEFIT_USED}), with a held-out AUC. Users are split
 * 80/20 by a hash of their id, so a user is never in both halves. Versions are stored in PostgreSQL; the newest
 * scores (stored as Tribuo protobufs, never Java-serialized). Scoring reads the user's features at that moment, so new events move the score without retraining.
 */
@Service
public class PropensityModels {

    static final String USED = "used";
    static final String NOT_USED = "not_used";
    private static final int MIN_USERS = 50;

    /** One benefit's fitted model and its quality. */
    public record Fitted(String benefitId, double auc, int trainUsers, int testUsers, int positives) {
    }

    /** A stored version. */
    public record Version(String version, OffsetDateTime trainedAt, List<Fitted> benefits) {
    }

    /** One feature's pull on a score: {@code +} raises it, {@code -} lowers it. */
    public record Factor(String feature, String effect, double contribution) {
    }

    /** One benefit's score for a user. */
    public record Score(String benefitId, double score, List<Factor> topFactors) {
    }

    private record Loaded(String version, Map<String, Model<Label>> models) {
    }

    private final JdbcClient jdbc;
    private final UserFeatures features;
    private final Clock clock;
    private final AtomicReference<Loaded> loaded = new AtomicReference<>();

    PropensityModels(JdbcClient jdbc, UserFeatures features, Clock clock) {
        this.jdbc = jdbc;
        this.features = features;
        this.clock = clock;
    }

    /** Fits one model per benefit that has been used, on every user with events, and stores them as a version. */
    public Version train() {
        Instant asOf = clock.instant();
        List<String> users = features.users(asOf);
        if (users.size() < MIN_USERS) {
            throw new ConflictException("not_enough_data", "Training needs events of at least " + MIN_USERS
                    + " users; there are " + users.size());
        }
        Map<String, double[]> x = features.of(users, asOf);
        Map<String, Set<String>> used = features.used(asOf);
        java.util.TreeSet<String> benefits = new java.util.TreeSet<>();
        used.values().forEach(benefits::addAll);
        String version = "bps-" + DateTimeFormatter.ISO_INSTANT.format(asOf.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        String[] names = UserFeatures.NAMES.toArray(new String[0]);
        List<Fitted> fitted = new ArrayList<>();
        for (String benefit : benefits) {
            LabelFactory labels = new LabelFactory();
            MutableDataset<Label> train = new MutableDataset<>(new SimpleDataSourceProvenance("bps-train-" + benefit,
                    OffsetDateTime.ofInstant(asOf, ZoneOffset.UTC), labels), labels);
            MutableDataset<Label> test = new MutableDataset<>(new SimpleDataSourceProvenance("bps-test-" + benefit,
                    OffsetDateTime.ofInstant(asOf, ZoneOffset.UTC), labels), labels);
            int positives = 0;
            for (String user : users) {
                boolean label = used.getOrDefault(user, Set.of()).contains(benefit);
                positives += label ? 1 : 0;
                ArrayExample<Label> example = new ArrayExample<>(new Label(label ? USED : NOT_USED), names, x.get(user).clone());
                (heldOut(user) ? test : train).add(example);
            }
            if (positives == 0 || positives == users.size() || test.size() == 0) {
                continue;
            }
            Model<Label> model = new LogisticRegressionTrainer().train(train);
            double auc = test.getOutputs().size() < 2 ? 0.5
                    : new LabelEvaluator().evaluate(model, test).AUCROC(new Label(USED));
            jdbc.sql("""
                    INSERT INTO bps_model (version, benefit_id, auc, train_users, test_users, positives, features, model)
                    VALUES (:v, :b, :auc, :train, :test, :pos, CAST(:features AS text[]), :model)
                    """).param("v", version).param("b", benefit).param("auc", auc).param("train", train.size())
                    .param("test", test.size()).param("pos", positives)
                    .param("features", "{" + String.join(",", UserFeatures.NAMES) + "}")
                    .param("model", model.serialize().toByteArray())
                    .update();
            fitted.add(new Fitted(benefit, auc, train.size(), test.size(), positives));
        }
        loaded.set(null);
        return new Version(version, OffsetDateTime.ofInstant(asOf, ZoneOffset.UTC), fitted);
    }

    /** A user's scores and the model version that made them ({@code null} when no model is trained). */
    public record Scored(String modelVersion, List<Score> scores) {

        public double of(String benefitId) {
            return scores.stream().filter(s -> s.benefitId().equals(benefitId)).mapToDouble(Score::score).findFirst()
                    .orElse(0);
        }
    }

    /** The newest version's scores for a user, from their features now; empty when no model is trained. */
    public Map<String, Object> scores(String userId) {
        Scored scored = scored(userId);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user_id", userId);
        out.put("model_version", scored.modelVersion());
        out.put("scores", scored.scores());
        return out;
    }

    public Scored scored(String userId) {
        Loaded models = current();
        List<Score> scores = new ArrayList<>();
        if (models != null) {
            double[] x = features.of(List.of(userId), clock.instant()).get(userId);
            String[] names = UserFeatures.NAMES.toArray(new String[0]);
            models.models().forEach((benefit, model) -> {
                Prediction<Label> prediction = model.predict(new ArrayExample<>(new Label(USED), names, x.clone()));
                double p = prediction.getOutputScores().get(USED).getScore();
                scores.add(new Score(benefit, Math.round(p * 10_000) / 10_000.0, factors(model, x)));
            });
        }
        return new Scored(models == null ? null : models.version(), scores);
    }

    /** Probabilities from one model version, for callers that ask many times (one version lookup, not one per call). */
    public interface Scorer {

        /** The probability that a user with these features uses the benefit; 0 without a model for it. */
        double predict(String benefitId, double[] x);
    }

    /** A scorer and the version it scores with ({@code null} when no model is trained). */
    public record VersionedScorer(String version, Scorer scorer) {
    }

    /** A scorer on the newest version, with that version's name. */
    public VersionedScorer versionedScorer() {
        Loaded models = current();
        return new VersionedScorer(models == null ? null : models.version(), scorer(models));
    }

    /** A scorer on the newest version. */
    public Scorer scorer() {
        return scorer(current());
    }

    private static Scorer scorer(Loaded models) {
        String[] names = UserFeatures.NAMES.toArray(new String[0]);
        return (benefitId, x) -> {
            Model<Label> model = models == null ? null : models.models().get(benefitId);
            if (model == null) {
                return 0;
            }
            return model.predict(new ArrayExample<>(new Label(USED), names, x.clone())).getOutputScores().get(USED).getScore();
        };
    }

    /** How the newest version ranks one period's users: AUC ({@code NaN} without both labels), users, users who used it. */
    public record Evaluation(String benefitId, String version, double auc, int labelled, int positives) {
    }

    /**
     * The newest version on a later period: features of every user with events before {@code from}, as they were
     * then, against whether they used each benefit in [from, to). Empty when no model is trained.
     */
    public List<Evaluation> evaluate(Instant from, Instant to) {
        Loaded models = current();
        if (models == null) {
            return List.of();
        }
        List<String> users = features.users(from);
        Map<String, double[]> x = features.of(users, from);
        Map<String, Set<String>> usedIn = new java.util.HashMap<>();
        jdbc.sql("""
                SELECT DISTINCT user_id, benefit_id FROM benefit_event
                WHERE type = 'BENEFIT_USED' AND occurred_at >= :from AND occurred_at < :to""")
                .param("from", java.sql.Timestamp.from(from)).param("to", java.sql.Timestamp.from(to))
                .query(rs -> {
                    usedIn.computeIfAbsent(rs.getString("user_id"), k -> new java.util.HashSet<>())
                            .add(rs.getString("benefit_id"));
                });
        String[] names = UserFeatures.NAMES.toArray(new String[0]);
        List<Evaluation> out = new ArrayList<>();
        models.models().forEach((benefit, model) -> {
            LabelFactory labels = new LabelFactory();
            MutableDataset<Label> period = new MutableDataset<>(new SimpleDataSourceProvenance("bps-monitor-" + benefit,
                    OffsetDateTime.ofInstant(to, ZoneOffset.UTC), labels), labels);
            int positives = 0;
            for (String user : users) {
                boolean label = usedIn.getOrDefault(user, Set.of()).contains(benefit);
                positives += label ? 1 : 0;
                period.add(new ArrayExample<>(new Label(label ? USED : NOT_USED), names, x.get(user).clone()));
            }
            double auc = period.getOutputs().size() < 2 ? Double.NaN
                    : new LabelEvaluator().evaluate(model, period).AUCROC(new Label(USED));
            out.add(new Evaluation(benefit, models.version(), auc, users.size(), positives));
        });
        return out;
    }

    /** Stored versions, newest first. */
    public List<Version> versions() {
        Map<String, Version> byVersion = new LinkedHashMap<>();
        jdbc.sql("SELECT version, benefit_id, trained_at, auc, train_users, test_users, positives FROM bps_model "
                + "ORDER BY trained_at DESC, benefit_id").query(rs -> {
                    Version v = byVersion.computeIfAbsent(rs.getString("version"), k -> {
                        try {
                            return new Version(k, rs.getObject("trained_at", OffsetDateTime.class), new ArrayList<>());
                        } catch (java.sql.SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    v.benefits().add(new Fitted(rs.getString("benefit_id"), rs.getDouble("auc"), rs.getInt("train_users"),
                            rs.getInt("test_users"), rs.getInt("positives")));
                });
        return List.copyOf(byVersion.values());
    }

    /** Each feature's contribution to the log-odds of "used": the difference of the two labels' weights × value. */
    private static List<Factor> factors(Model<Label> model, double[] x) {
        Map<String, List<com.oracle.labs.mlrg.olcut.util.Pair<String, Double>>> weights = model.getTopFeatures(-1);
        Map<String, Double> used = new java.util.HashMap<>();
        Map<String, Double> notUsed = new java.util.HashMap<>();
        weights.getOrDefault(USED, List.of()).forEach(p -> used.put(p.getA(), p.getB()));
        weights.getOrDefault(NOT_USED, List.of()).forEach(p -> notUsed.put(p.getA(), p.getB()));
        List<Factor> factors = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            String name = UserFeatures.NAMES.get(i);
            double contribution = (used.getOrDefault(name, 0.0) - notUsed.getOrDefault(name, 0.0)) * x[i];
            if (contribution != 0) {
                factors.add(new Factor(name, contribution > 0 ? "+" : "-", Math.round(contribution * 1000) / 1000.0));
            }
        }
        factors.sort(Comparator.comparingDouble((Factor f) -> -Math.abs(f.contribution())));
        return factors.size() > 3 ? List.copyOf(factors.subList(0, 3)) : factors;
    }

    /** The newest version's models, loaded once per version. */
    @SuppressWarnings("unchecked")
    private Loaded current() {
        String newest = jdbc.sql("SELECT version FROM bps_model ORDER BY trained_at DESC LIMIT 1").query(String.class)
                .optional().orElse(null);
        if (newest == null) {
            return null;
        }
        Loaded known = loaded.get();
        if (known != null && known.version().equals(newest)) {
            return known;
        }
        Map<String, Model<Label>> models = new LinkedHashMap<>();
        jdbc.sql("SELECT benefit_id, model FROM bps_model WHERE version = :v ORDER BY benefit_id").param("v", newest)
                .query(rs -> {
                    try {
                        models.put(rs.getString("benefit_id"), (Model<Label>) Model.deserialize(
                                org.tribuo.protos.core.ModelProto.parseFrom(rs.getBytes("model"))));
                    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                        throw new IllegalStateException("stored model " + newest + " is unreadable", e);
                    }
                });
        Loaded fresh = new Loaded(newest, models);
        loaded.set(fresh);
        return fresh;
    }

    /** Users whose id hashes into the last fifth are held out for evaluation. */
    static boolean heldOut(String user) {
        return Math.floorMod(user.hashCode() * 0x9E3779B9, 5) == 0;
    }
}
