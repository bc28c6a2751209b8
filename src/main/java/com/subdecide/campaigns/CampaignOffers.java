package com.subdecide.campaigns;

import com.subdecide.campaigns.domain.OfferOption;
import com.subdecide.customers.ChurnModels;
import com.subdecide.customers.CustomerValues;
import com.subdecide.rules.FiredRule;
import com.subdecide.rules.RuleRun;
import com.subdecide.rules.RuleSet;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Offers per recipient: each of a campaign's offers is weighed by {@code rules/campaign-offers.drl} with the
 * recipient's churn risk (the trained churn model) and expected residual value (the customer-value model) against
 * its cost at their price; the approved offer with the largest expected gain is made. A recipient the models do
 * not know (no subscription, no trained model) gets no offer.
 */
@Component
class CampaignOffers {

    /** A recipient and the offers of one campaign. */
    record Ask(String userId, String campaign, List<CampaignDefinition.Offer> offers) {
    }

    record Choice(CampaignDefinition.Offer offer, double cost, double expectedGain, String rule, String source) {
    }

    private final ChurnModels churn;
    private final CustomerValues values;

    CampaignOffers(ChurnModels churn, CustomerValues values) {
        this.churn = churn;
        this.values = values;
    }

    /** The offer to make per {@code user|campaign} key; absent where none is worth its cost. */
    Map<String, Choice> choose(List<Ask> asks, RuleSet rules) {
        Map<String, Choice> chosen = new HashMap<>();
        if (asks.isEmpty()) {
            return chosen;
        }
        Set<String> users = new LinkedHashSet<>();
        asks.forEach(a -> users.add(a.userId()));
        Map<String, Double> risk = new HashMap<>();
        try {
            churn.score(users).risks().forEach(r -> risk.put(r.customerId(), r.riskScore()));
        } catch (RuntimeException e) {
            return chosen;
        }
        Map<String, CustomerValues.CustomerValue> value = new HashMap<>();
        for (String u : risk.keySet()) {
            try {
                value.put(u, values.customer(u));
            } catch (RuntimeException e) {
                // No segment fit for this customer: no offer.
            }
        }
        record Weighed(Ask ask, CampaignDefinition.Offer offer, OfferOption option) {
        }
        List<Weighed> weighed = new ArrayList<>();
        try (RuleRun run = rules.newRun()) {
            for (Ask a : asks) {
                CustomerValues.CustomerValue v = value.get(a.userId());
                if (v == null || v.monthlyPrice() == null) {
                    continue;
                }
                for (CampaignDefinition.Offer o : a.offers()) {
                    double cost = v.monthlyPrice().multiply(o.discountPercent()).movePointLeft(2)
                            .multiply(BigDecimal.valueOf(o.months())).doubleValue();
                    OfferOption option = new OfferOption(a.userId(), o.code(), risk.get(a.userId()),
                            v.expectedResidualValue().doubleValue(), cost);
                    run.insert(option);
                    weighed.add(new Weighed(a, o, option));
                }
            }
            run.fireAll();
            Map<String, FiredRule> fired = run.firedByName();
            for (Weighed w : weighed) {
                if (!w.option().approved()) {
                    continue;
                }
                String key = w.ask().userId() + "|" + w.ask().campaign();
                double net = w.option().expectedGain() - w.option().getCost();
                Choice best = chosen.get(key);
                if (best == null || net > best.expectedGain() - best.cost()) {
                    FiredRule r = fired.get(w.option().approvedBy());
                    chosen.put(key, new Choice(w.offer(), round(w.option().getCost()), round(w.option().expectedGain()),
                            r.rule(), r.source()));
                }
            }
        }
        return chosen;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
