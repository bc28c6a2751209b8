package com.subdecide.customers;

import com.subdecide.customers.domain.CustomerUsage;
import com.subdecide.customers.domain.Opportunity;
import com.subdecide.customers.domain.ValueAssumptions;
import com.subdecide.system.ConflictException;
import com.subdecide.system.NotFoundException;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Upgrade, add-on and cross-sell opportunities of a subscribed customer: the expansion table's rows over their
 * plan, usage and churn risk give each offer and its base probability; the probability is scaled by
 * {@code 1 − churn risk}, and the potential revenue is probability × revenue per month × margin × the customer's
 * discounted expected remaining months (their segment's retention model, conditional on their tenure).
 */
@Service
public class ExpansionOpportunities {

    public record Offer(String kind, String offer, double probability, BigDecimal monthlyRevenue,
            BigDecimal potentialRevenue, String rule, String source) {
    }

    public record Expansion(String customerId, String segment, String planId, int tenureMonths, int sessionsLastMonth,
            Double churnRisk, String churnModelVersion, double expectedRemainingMonths, List<Offer> opportunities) {
    }

    private final CustomerProfiles profiles;
    private final PriceBook priceBook;
    private final ChurnModels churn;
    private final CustomerValues values;
    private final CustomerTables tables;
    private final Clock clock;

    ExpansionOpportunities(CustomerProfiles profiles, PriceBook priceBook, ChurnModels churn, CustomerValues values,
            CustomerTables tables, Clock clock) {
        this.profiles = profiles;
        this.priceBook = priceBook;
        this.churn = churn;
        this.values = values;
        this.tables = tables;
        this.clock = clock;
    }

    public Expansion of(String customerId) {
        CustomerProfiles.Profile p = profiles.of(List.of(customerId), clock.instant()).get(customerId);
        if (p == null) {
            throw new NotFoundException("unknown_customer", "No subscription events of customer '" + customerId + "'");
        }
        if (!p.active()) {
            throw new ConflictException("customer_not_active", "customer '" + customerId + "' cancelled at "
                    + p.cancelledAt() + "; expansion is for subscribed customers");
        }
        PriceBook.Book book = priceBook.require();
        PriceBook.Plan plan = book.plan(p.planId()).orElse(null);
        ChurnModels.Loaded model = churn.current();
        Double risk = null;
        if (model != null) {
            risk = churn.probability(model, ChurnModels.features(p, book, model.version().features()));
        }
        double remaining = values.remainingMonths(p.segment(), p.tenureMonths());
        ValueAssumptions assumptions = tables.assumptions(p.segment()).fact();
        CustomerUsage usage = new CustomerUsage(customerId, p.segment(), plan == null ? 0 : plan.tierOrder(),
                plan == null ? 0 : book.topTier(plan.currency()), p.tenureMonths(), p.sessions30d(),
                Math.log1p(p.sessions30d()) - Math.log1p(p.sessionsPrior60d() / 2.0), risk == null ? 0 : risk);
        CustomerTables.Applied<CustomerUsage> applied = tables.expansion(usage);
        Map<String, Offer> best = new LinkedHashMap<>();
        for (Opportunity o : usage.opportunities()) {
            BigDecimal monthly;
            String offer = o.getOffer();
            if (o.getKind().equals("UPGRADE")) {
                PriceBook.Plan next = plan == null ? null : book.nextTier(plan).orElse(null);
                if (next == null) {
                    continue;
                }
                offer = next.planId();
                monthly = next.monthlyPrice().subtract(plan.monthlyPrice());
            } else {
                monthly = BigDecimal.valueOf(o.getMonthlyRevenue()).setScale(2, java.math.RoundingMode.HALF_UP);
            }
            double probability = CustomerValues.round(o.getProbability() * (1 - usage.getChurnRisk()), 4);
            BigDecimal potential = CustomerValues.money(probability * monthly.doubleValue() * assumptions.margin()
                    * remaining);
            com.subdecide.rules.FiredRule row = applied.byName().get(o.getRule());
            Offer candidate = new Offer(o.getKind(), offer, probability, monthly, potential,
                    row == null ? o.getRule() : row.rule(), row == null ? null : row.source());
            best.merge(o.getKind() + "/" + offer, candidate, (a, b) -> a.probability() >= b.probability() ? a : b);
        }
        List<Offer> offers = new ArrayList<>(best.values());
        offers.sort(Comparator.comparing(Offer::potentialRevenue).reversed());
        return new Expansion(customerId, p.segment(), p.planId(), p.tenureMonths(), p.sessions30d(),
                risk == null ? null : CustomerValues.round(risk, 4), model == null ? null : model.version().version(),
                CustomerValues.round(remaining, 3), offers);
    }
}
