package com.subdecide.benefits.domain;

/** The user and tier an allocation is for. */
public class AllocationRequest {

    private final String userId;
    private final String tier;

    public AllocationRequest(String userId, String tier) {
        this.userId = userId;
        this.tier = tier;
    }

    public String getUserId() {
        return userId;
    }

    public String getTier() {
        return tier;
    }
}
