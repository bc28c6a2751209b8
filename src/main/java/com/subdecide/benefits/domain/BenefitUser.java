package com.subdecide.benefits.domain;

/** What eligibility rules may know of a user's behaviour (counts over the last 30 or 90 days). */
public class BenefitUser {

    private final String userId;
    private final int purchases90d;
    private final int reviews90d;
    private final int wishlistAdds90d;

    public BenefitUser(String userId, int purchases90d, int reviews90d, int wishlistAdds90d) {
        this.userId = userId;
        this.purchases90d = purchases90d;
        this.reviews90d = reviews90d;
        this.wishlistAdds90d = wishlistAdds90d;
    }

    public String getUserId() {
        return userId;
    }

    public int getPurchases90d() {
        return purchases90d;
    }

    public int getReviews90d() {
        return reviews90d;
    }

    public int getWishlistAdds90d() {
        return wishlistAdds90d;
    }
}
