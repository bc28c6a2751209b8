package com.subdecide.rotation.solver;

import java.util.Map;

/**
 * A way to access platforms: nothing, one platform's tier, or a bundle. Each covered platform has the
 * quality factor the tier-quality table gave its tier level.
 */
public final class AccessOption {

    public enum Kind { NONE, TIER, BUNDLE }

    /** No access: what every platform may choose. */
    public static final AccessOption NONE = new AccessOption("none", Kind.NONE, null, null, null, 0, Map.of());

    private final String id;
    private final Kind kind;
    private final String platformId;
    private final String tierId;
    private final String bundleId;
    private final long costCents;
    private final Map<String, Double> qualityByPlatform;

    private AccessOption(String id, Kind kind, String platformId, String tierId, String bundleId, long costCents,
            Map<String, Double> qualityByPlatform) {
        this.id = id;
        this.kind = kind;
        this.platformId = platformId;
        this.tierId = tierId;
        this.bundleId = bundleId;
        this.costCents = costCents;
        this.qualityByPlatform = Map.copyOf(qualityByPlatform);
    }

    public static AccessOption tier(String platformId, String tierId, long costCents, double quality) {
        return new AccessOption("tier:" + platformId + "/" + tierId, Kind.TIER, platformId, tierId, null, costCents,
                Map.of(platformId, quality));
    }

    public static AccessOption bundle(String bundleId, long costCents, Map<String, Double> qualityByPlatform) {
        return new AccessOption("bundle:" + bundleId, Kind.BUNDLE, null, null, bundleId, costCents, qualityByPlatform);
    }

    /** Quality delivered on {@code platform}, 0 when this option does not cover it. */
    public double qualityAt(String platform) {
        Double quality = qualityByPlatform.get(platform);
        return quality == null ? 0.0 : quality;
    }

    public boolean isBundle() {
        return kind == Kind.BUNDLE;
    }

    public boolean isTier(String tier) {
        return kind == Kind.TIER && tierId.equals(tier);
    }

    public boolean isPaid() {
        return kind != Kind.NONE;
    }

    public String getId() {
        return id;
    }

    public Kind getKind() {
        return kind;
    }

    public String getPlatformId() {
        return platformId;
    }

    public String getTierId() {
        return tierId;
    }

    public String getBundleId() {
        return bundleId;
    }

    public long getCostCents() {
        return costCents;
    }

    public Map<String, Double> getQualityByPlatform() {
        return qualityByPlatform;
    }

    @Override
    public String toString() {
        return id;
    }
}
