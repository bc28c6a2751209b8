package com.subdecide.experiments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Which variant a user sees, computed from the experiment's seed, weights and coverage and the user's id alone: no
 * lookup, the same answer on any node, and the same answer as a GrowthBook SDK given the same experiment.
 *
 * <p>The hash is 32-bit FNV-1a over the text's UTF-16 code units (as JavaScript's {@code charCodeAt} reads them,
 * so ids with characters outside the Basic Multilingual Plane hash as the reference SDK hashes them). Version 1:
 * {@code fnv(value + seed) mod 1000 / 1000}; version 2: {@code fnv(decimal(fnv(seed + value))) mod 10000 / 10000}.
 * Each variant owns the range {@code [start, start + coverage × weight)} of its cumulative weight, so raising
 * coverage only extends ranges: nobody already in a variant moves to another.
 */
public final class Assignment {

    private static final int FNV_OFFSET = 0x811c9dc5;
    private static final int FNV_PRIME = 16777619;

    private Assignment() {
    }

    /** A range of hash values {@code [start, end)}. */
    public record Range(double start, double end) {

        boolean contains(double n) {
            return n >= start && n < end;
        }
    }

    /** A namespace: experiments sharing one split their hash range, {@code [start, end)} of it. */
    public record Namespace(String id, double start, double end) {
    }

    /** A filter: a user is in only when the hash of {@code attribute} under {@code seed} falls in one of the ranges. */
    public record Filter(String seed, String attribute, List<Range> ranges, int hashVersion) {
    }

    /**
     * An experiment as assignment sees it. {@code weights} null for equal weights; {@code ranges} null to derive them
     * from weights and coverage; {@code seed} null for the key; {@code hashAttribute} null for {@code id}.
     */
    public record Design(String key, String seed, int variations, double coverage, double[] weights, List<Range> ranges,
            Namespace namespace, List<Filter> filters, int hashVersion, boolean active, String hashAttribute) {

        /** A running experiment of {@code variations} arms hashed by user id with hashing version 2. */
        public static Design of(String key, String seed, double coverage, double... weights) {
            return new Design(key, seed, weights.length, coverage, weights, null, null, List.of(), 2, true, null);
        }
    }

    /**
     * The answer: the variant's index (0, the control, when not in the experiment), whether the user is in the
     * experiment, whether the hash decided it, and the hash value (null when there was nothing to hash).
     */
    public record Result(int variation, boolean inExperiment, boolean hashUsed, Double hashValue) {

        static Result out(Double hashValue) {
            return new Result(0, false, false, hashValue);
        }
    }

    /** The user's variant; {@code attributes} holds at least the hash attribute ({@code id} by default). */
    public static Result assign(Design design, Map<String, String> attributes) {
        if (design.variations() < 2 || !design.active()) {
            return Result.out(null);
        }
        String id = attributes.get(design.hashAttribute() == null ? "id" : design.hashAttribute());
        if (id == null || id.isEmpty()) {
            return Result.out(null);
        }
        if (design.filters() != null && !design.filters().isEmpty()) {
            if (filteredOut(design.filters(), attributes)) {
                return Result.out(null);
            }
        } else if (design.namespace() != null && !inNamespace(id, design.namespace())) {
            return Result.out(null);
        }
        Double n = hash(design.seed() == null ? design.key() : design.seed(), id, design.hashVersion());
        if (n == null) {
            return Result.out(null);
        }
        List<Range> ranges = design.ranges() != null ? design.ranges()
                : bucketRanges(design.variations(), design.coverage(), design.weights());
        int variation = chooseVariation(n, ranges);
        return variation < 0 ? Result.out(n) : new Result(variation, true, true, n);
    }

    /** The hash of {@code value} under {@code seed} in [0, 1), or null for an unknown version. */
    public static Double hash(String seed, String value, int version) {
        if (version == 2) {
            return unsigned(fnv(Long.toString(unsigned(fnv(seed + value))))) % 10000 / 10000.0;
        }
        if (version == 1) {
            return unsigned(fnv(value + seed)) % 1000 / 1000.0;
        }
        return null;
    }

    /**
     * Each variant's range: cumulative weights, each range shortened to {@code coverage} of its weight. Coverage is
     * clamped to [0, 1]; weights of the wrong length, or not summing to 1 within 0.01, are replaced by equal ones.
     */
    public static List<Range> bucketRanges(int variations, double coverage, double[] weights) {
        double cover = Math.max(0, Math.min(1, coverage));
        double[] w = weights;
        if (w == null || w.length != variations) {
            w = equalWeights(variations);
        } else {
            double sum = Arrays.stream(w).sum();
            if (sum < 0.99 || sum > 1.01) {
                w = equalWeights(variations);
            }
        }
        List<Range> ranges = new ArrayList<>(w.length);
        double cumulative = 0;
        for (double weight : w) {
            double start = cumulative;
            cumulative += weight;
            ranges.add(new Range(start, start + cover * weight));
        }
        return ranges;
    }

    /** The index of the range holding {@code n}, or -1. */
    public static int chooseVariation(double n, List<Range> ranges) {
        for (int i = 0; i < ranges.size(); i++) {
            if (ranges.get(i).contains(n)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether the user's hash in the namespace (version 1, seed {@code "__" + id}) falls in its range. */
    public static boolean inNamespace(String userId, Namespace namespace) {
        Double n = hash("__" + namespace.id(), userId, 1);
        return n != null && n >= namespace.start() && n < namespace.end();
    }

    /** {@code n} equal weights (none for n below 1). */
    public static double[] equalWeights(int n) {
        if (n < 1) {
            return new double[0];
        }
        double[] weights = new double[n];
        Arrays.fill(weights, 1.0 / n);
        return weights;
    }

    private static boolean filteredOut(List<Filter> filters, Map<String, String> attributes) {
        for (Filter filter : filters) {
            String value = attributes.get(filter.attribute() == null ? "id" : filter.attribute());
            if (value == null || value.isEmpty()) {
                return true;
            }
            Double n = hash(filter.seed(), value, filter.hashVersion() == 0 ? 2 : filter.hashVersion());
            if (n == null || filter.ranges().stream().noneMatch(r -> r.contains(n))) {
                return true;
            }
        }
        return false;
    }

    /** 32-bit FNV-1a over UTF-16 code units. */
    static int fnv(String text) {
        int hash = FNV_OFFSET;
        for (int i = 0; i < text.length(); i++) {
            hash ^= text.charAt(i);
            hash *= FNV_PRIME;
        }
        return hash;
    }

    private static long unsigned(int value) {
        return value & 0xffffffffL;
    }
}
