package com.subdecide.customers;

import com.subdecide.customers.domain.ChurnReading;
import com.subdecide.system.ConflictException;
import com.subdecide.system.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.Adam;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Churn risk: a logistic-regression model (Tribuo, Adam, 100 epochs) of whether a subscribed customer cancels
 * within the next 30 days, from their subscription history and behavioural events at that moment. Trained on the
 * three newest labelled 30-day periods (customers subscribed at a period's start: cancelled in it or not, with
 * their features as they were then), customers split 80/20 by a hash of their id for the held-out AUC, so no
 * customer is on both sides. Versions are stored in PostgreSQL as Tribuo protobufs; the newest scores. A feature's
 * contribution to a score is its weight times its distance from the training mean, so factors say what sets this
 * customer apart.
 */
@Service
public class ChurnModels {

    static final String CHURNED = "churned";
    static final String STAYED = "stayed";
    static final Duration PERIOD = Duration.ofDays(30);
    static final int TRAINING_PERIODS = 3;
    /** Features every version has; {@code segment_<name>} indicators follow, one per segment in the price book. */
    static final List<String> BASE_FEATURES = List.of("tenure_months", "monthly_price", "tier_order",
            "payment_failures_90d", "downgrades_180d", "upgrades_180d", "sessions_30d", "usage_trend",
            "support_contacts_90d");

    /** A stored version and its held-out quality. */
    public record Version(String version, OffsetDateTime trainedAt, OffsetDateTime asOf, double auc, int trainCustomers,
            int testCustomers, int churned, List<String> features) {
    }

    /** One feature's pull on a score: {@code +} raises the risk, {@code -} lowers it. */
    public record Factor(String feature, String effect, double contribution, double value) {
    }

    /** A customer's churn risk and what the tables make of it. */
    public record Risk(String customerId, double riskScore, String riskLevel, List<Factor> contributingFactors,
            List<String> recommendedActions, Integer timeToChurnDays, double confidence, String modelVersion,
            List<Map<String, String>> rules) {
    }

    record Loaded(Version version, Model<Label> model, double[] means, Map<String, Double> weights) {
    }

    private final JdbcClient jdbc;
    private final CustomerProfiles profiles;
    private final PriceBook priceBook;
    private final CustomerTables tables;
    private final Clock clock;
    private final AtomicReference<Loaded> loaded = new AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicLong checkedAt = new java.util.concurrent.atomic.AtomicLong();

    ChurnModels(JdbcClient jdbc, CustomerProfiles profiles, PriceBook priceBook, CustomerTables tables, Clock clock) {
        this.jdbc = jdbc;
        this.profiles = profiles;
        this.priceBook = priceBook;
        this.tables = tables;
        this.clock = clock;
    }

    /** Labelled examples of one period: each customer subscribed at its start, their features then, and the label. */
    record Labelled(List<String> customers, Map<String, double[]> features, Map<String, Boolean> churned,
            Instant from, Instant to) {
    }

    Labelled labelled(Instant from, Instant to, List<String> names) {
        PriceBook.Book book = priceBook.require();
        Map<String, CustomerProfiles.Profile> then = profiles.all(from);
        Map<String, CustomerProfiles.Profile> now = profiles.of(then.keySet(), to);
        List<String> customers = new ArrayList<>();
        Map<String, double[]> x = new HashMap<>();
        Map<String, Boolean> y = new HashMap<>();
        then.forEach((id, p) -> {
            if (p.active()) {
                CustomerProfiles.Profile later = now.get(id);
                customers.add(id);
                x.put(id, features(p, book, names));
                y.put(id, later != null && !later.active() && later.cancelledAt() != null
                        && !later.cancelledAt().isBefore(from));
            }
        });
        return new Labelled(customers, x, y, from, to);
    }

    /** Trains a new version on the newest labelled periods and stores it. */
    public Version train() {
        Instant now = clock.instant();
        Instant asOf = now.minus(PERIOD.multipliedBy(TRAINING_PERIODS));
        PriceBook.Book book = priceBook.require();
        List<String> names = new ArrayList<>(BASE_FEATURES);
        book.segments().forEach(s -> names.add("segment_" + s.segment()));
        List<Labelled> periods = new ArrayList<>();
        for (int k = 1; k <= TRAINING_PERIODS; k++) {
            periods.add(labelled(now.minus(PERIOD.multipliedBy(k)), now.minus(PERIOD.multipliedBy(k - 1)), names));
        }
        int minimum = tables.assumptions(null).fact().minimumCustomers();
        int examples = periods.stream().mapToInt(p -> p.customers().size()).sum();
        long churned = periods.stream().flatMap(p -> p.churned().values().stream()).filter(b -> b).count();
        if (periods.get(0).customers().size() < minimum || churned < 20 || examples - churned < 20) {
            throw new ConflictException("data_quality_issue", "Training needs at least " + minimum
                    + " customers subscribed 30 days ago, and over the last " + TRAINING_PERIODS + " months at least 20 "
                    + "cancellations within 30 days and 20 renewals; there are " + periods.get(0).customers().size()
                    + " customers and " + churned + " cancellations",
                    Map.of("customers", periods.get(0).customers().size(), "churned", churned, "minimum_customers",
                            minimum, "period_from", asOf.toString(), "period_to", now.toString()));
        }
        String[] featureNames = names.toArray(String[]::new);
        LabelFactory labels = new LabelFactory();
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        MutableDataset<Label> train = new MutableDataset<>(new SimpleDataSourceProvenance("churn-train", at, labels), labels);
        MutableDataset<Label> test = new MutableDataset<>(new SimpleDataSourceProvenance("churn-test", at, labels), labels);
        double[] means = new double[names.size()];
        java.util.Set<String> trainCustomers = new java.util.HashSet<>();
        java.util.Set<String> testCustomers = new java.util.HashSet<>();
        for (Labelled period : periods) {
            for (String id : period.customers()) {
                double[] x = period.features().get(id);
                ArrayExample<Label> example = new ArrayExample<>(new Label(period.churned().get(id) ? CHURNED : STAYED),
                        featureNames, x.clone());
                if (heldOut(id)) {
                    test.add(example);
                    testCustomers.add(id);
                } else {
                    train.add(example);
                    trainCustomers.add(id);
                    for (int i = 0; i < x.length; i++) {
                        means[i] += x[i];
                    }
                }
            }
        }
        for (int i = 0; i < means.length; i++) {
            means[i] /= Math.max(1, train.size());
        }
        if (test.getOutputs().size() < 2 || train.getOutputs().size() < 2) {
            throw new ConflictException("data_quality_issue", "Both the training and the held-out customers need some "
                    + "who cancelled and some who did not", Map.of("examples", examples, "churned", churned));
        }
        Model<Label> model = new LinearSGDTrainer(new LogMulticlass(), new Adam(), 100, 1000, 1, 17L).train(train);
        double auc = new LabelEvaluator().evaluate(model, test).AUCROC(new Label(CHURNED));
        String version = "churn-" + DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.MILLIS));
        jdbc.sql("""
                INSERT INTO churn_model (version, trained_at, as_of, auc, train_customers, test_customers, churned,
                                         features, feature_means, model)
                VALUES (:v, :trained, :asOf, :auc, :train, :test, :churned, :features, :means, :model)
                """).param("v", version).param("trained", java.sql.Timestamp.from(now))
                .param("asOf", java.sql.Timestamp.from(asOf)).param("auc", auc).param("train", trainCustomers.size())
                .param("test", testCustomers.size()).param("churned", (int) churned).param("features", featureNames)
                .param("means", java.util.Arrays.stream(means).boxed().toArray(Double[]::new))
                .param("model", model.serialize().toByteArray()).update();
        loaded.set(null);
        return new Version(version, at, OffsetDateTime.ofInstant(asOf, ZoneOffset.UTC), auc, trainCustomers.size(),
                testCustomers.size(), (int) churned, names);
    }

    /** Stored versions, newest first. */
    public List<Version> versions() {
        return jdbc.sql("""
                SELECT version, trained_at, as_of, auc, train_customers, test_customers, churned, features
                FROM churn_model ORDER BY trained_at DESC""").query((rs, i) -> new Version(rs.getString("version"),
                rs.getObject("trained_at", OffsetDateTime.class), rs.getObject("as_of", OffsetDateTime.class),
                rs.getDouble("auc"), rs.getInt("train_customers"), rs.getInt("test_customers"), rs.getInt("churned"),
                List.of((String[]) rs.getArray("features").getArray()))).list();
    }

    /** A customer's risk now; 404 for a customer with no history, 409 for one not subscribed or with no model. */
    public Risk risk(String customerId) {
        Scored scored = score(List.of(customerId));
        if (!scored.unknown().isEmpty()) {
            throw new NotFoundException("unknown_customer", "No subscription events of customer '" + customerId + "'");
        }
        if (!scored.notSubscribed().isEmpty()) {
            throw new ConflictException("customer_not_active", scored.notSubscribed().get(0).reason());
        }
        return scored.risks().get(0);
    }

    public record NotScored(String customerId, String reason) {
    }

    /** Risks of many customers from one read of their histories; those without one or not subscribed are listed. */
    public record Scored(String modelVersion, List<Risk> risks, List<String> unknown, List<NotScored> notSubscribed) {
    }

    public Scored score(Collection<String> customerIds) {
        Loaded model = require();
        PriceBook.Book book = priceBook.require();
        Map<String, CustomerProfiles.Profile> found = profiles.of(customerIds, clock.instant());
        List<Risk> risks = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<NotScored> inactive = new ArrayList<>();
        for (String id : new java.util.LinkedHashSet<>(customerIds)) {
            CustomerProfiles.Profile p = found.get(id);
            if (p == null) {
                unknown.add(id);
            } else if (!p.active()) {
                inactive.add(new NotScored(id, "customer '" + id + "' cancelled at " + p.cancelledAt()
                        + "; churn risk is for subscribed customers"));
            } else {
                risks.add(risk(model, p, book));
            }
        }
        return new Scored(model.version().version(), risks, unknown, inactive);
    }

    /** The probability from the newest model for an already-read profile (expansion and monitoring use it). */
    double probability(Loaded model, double[] x) {
        return model.model().predict(new ArrayExample<>(new Label(CHURNED), model.version().features()
                .toArray(String[]::new), x.clone())).getOutputScores().get(CHURNED).getScore();
    }

    private Risk risk(Loaded model, CustomerProfiles.Profile p, PriceBook.Book book) {
        double[] x = features(p, book, model.version().features());
        double score = probability(model, x);
        List<Factor> factors = new ArrayList<>();
        List<String> names = model.version().features();
        for (int i = 0; i < x.length; i++) {
            double c = model.weights().getOrDefault(names.get(i), 0.0) * (x[i] - model.means()[i]);
            if (Math.abs(c) >= 0.0005) {
                factors.add(new Factor(names.get(i), c > 0 ? "+" : "-", round(c, 3), round(x[i], 3)));
            }
        }
        factors.sort(Comparator.comparingDouble((Factor f) -> -Math.abs(f.contribution())));
        List<Factor> top = factors.size() > 3 ? List.copyOf(factors.subList(0, 3)) : factors;
        ChurnReading reading = new ChurnReading(p.customerId(), p.segment(), score,
                top.stream().filter(f -> f.effect().equals("+")).map(Factor::feature).toList());
        CustomerTables.Applied<ChurnReading> applied = tables.classify(reading);
        return new Risk(p.customerId(), round(score, 4), reading.getLevel(), top, reading.getActions(),
                timeToChurnDays(score), round(model.version().auc(), 3), model.version().version(),
                CustomerTables.rows(applied.rules()));
    }

    /** The median days to cancellation at a constant monthly risk p: the month in which survival falls to one half. */
    static Integer timeToChurnDays(double p) {
        if (p <= 0) {
            return null;
        }
        if (p >= 1) {
            return 30;
        }
        double months = Math.ceil(Math.log(0.5) / Math.log(1 - p));
        return (int) Math.min(3650, months * 30);
    }

    /** The model features of a profile, by name; counts and money as ln(1 + x). */
    static double[] features(CustomerProfiles.Profile p, PriceBook.Book book, List<String> names) {
        int tier = p.planId() == null ? 0 : book.plan(p.planId()).map(PriceBook.Plan::tierOrder).orElse(0);
        double[] x = new double[names.size()];
        for (int i = 0; i < x.length; i++) {
            String name = names.get(i);
            x[i] = switch (name) {
                case "tenure_months" -> ln(p.tenureMonths());
                case "monthly_price" -> ln(p.monthlyPrice() == null ? 0 : p.monthlyPrice().doubleValue());
                case "tier_order" -> tier;
                case "payment_failures_90d" -> ln(p.paymentFailures90d());
                case "downgrades_180d" -> ln(p.downgrades180d());
                case "upgrades_180d" -> ln(p.upgrades180d());
                case "sessions_30d" -> ln(p.sessions30d());
                case "usage_trend" -> ln(p.sessions30d()) - ln(p.sessionsPrior60d() / 2.0);
                case "support_contacts_90d" -> ln(p.supportContacts90d());
                default -> name.startsWith("segment_") && name.substring(8).equals(p.segment()) ? 1 : 0;
            };
        }
        return x;
    }

    private static double ln(double v) {
        return Math.log1p(Math.max(0, v));
    }

    private static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }

    /** The newest version, loaded once per version; 409 when none is trained. */
    Loaded require() {
        Loaded model = current();
        if (model == null) {
            throw new ConflictException("no_model", "No churn model is trained yet: POST /api/v1/models/churn/train");
        }
        return model;
    }

    /** The newest version, or {@code null}; looked up at most once a second (this node's training shows at once). */
    @SuppressWarnings("unchecked")
    Loaded current() {
        Loaded cached = loaded.get();
        if (cached != null && System.nanoTime() - checkedAt.get() < 1_000_000_000L) {
            return cached;
        }
        String newest = jdbc.sql("SELECT version FROM churn_model ORDER BY trained_at DESC LIMIT 1").query(String.class)
                .optional().orElse(null);
        if (newest == null) {
            return null;
        }
        Loaded known = loaded.get();
        if (known != null && known.version().version().equals(newest)) {
            checkedAt.set(System.nanoTime());
            return known;
        }
        Loaded fresh = jdbc.sql("SELECT * FROM churn_model WHERE version = :v").param("v", newest).query((rs, i) -> {
            try {
                Model<Label> model = (Model<Label>) Model.deserialize(
                        org.tribuo.protos.core.ModelProto.parseFrom(rs.getBytes("model")));
                Version version = new Version(newest, rs.getObject("trained_at", OffsetDateTime.class),
                        rs.getObject("as_of", OffsetDateTime.class), rs.getDouble("auc"), rs.getInt("train_customers"),
                        rs.getInt("test_customers"), rs.getInt("churned"),
                        List.of((String[]) rs.getArray("features").getArray()));
                Double[] means = (Double[]) rs.getArray("feature_means").getArray();
                return new Loaded(version, model, java.util.Arrays.stream(means).mapToDouble(Double::doubleValue).toArray(),
                        weights(model));
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new IllegalStateException("stored churn model " + newest + " is unreadable", e);
            }
        }).single();
        loaded.set(fresh);
        checkedAt.set(System.nanoTime());
        return fresh;
    }

    /** The weight of each feature on the log-odds of churning: the churned label's weight minus the stayed label's. */
    private static Map<String, Double> weights(Model<Label> model) {
        Map<String, List<com.oracle.labs.mlrg.olcut.util.Pair<String, Double>>> top = model.getTopFeatures(-1);
        Map<String, Double> weights = new LinkedHashMap<>();
        top.getOrDefault(CHURNED, List.of()).forEach(p -> weights.merge(p.getA(), p.getB(), Double::sum));
        top.getOrDefault(STAYED, List.of()).forEach(p -> weights.merge(p.getA(), -p.getB(), Double::sum));
        return weights;
    }

    /** Customers whose id hashes into the last fifth are held out for evaluation. */
    static boolean heldOut(String customer) {
        return Math.floorMod(customer.hashCode() * 0x9E3779B9, 5) == 0;
    }
}
