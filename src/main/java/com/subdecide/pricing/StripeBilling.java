package com.subdecide.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.CardException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.Price;
import com.stripe.model.Subscription;
import com.stripe.model.StripeSearchResult;
import com.stripe.net.RequestOptions;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.SubscriptionSearchParams;
import com.stripe.param.SubscriptionUpdateParams;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Stripe adapter of the billing port (on with {@code decisions.billing.stripe.enabled}): sends the outbox's
 * calls with stripe-java, each with its idempotency key. A new Price per plan and segment that changes (Stripe's
 * prices are immutable; {@code lookup_key} and metadata name the plan and segment); each subscription found by its
 * metadata customer id and moved to the new price without proration, the day before the renewal it reaches, so
 * the renewal is the first invoice at the new price. Timeouts, 5xx and rate limits are retried with backoff; card
 * errors and refused requests fail at once and stay visible.
 */
@Component
public class StripeBilling {

    private static final Logger LOG = LoggerFactory.getLogger(StripeBilling.class);

    private final BillingOutbox outbox;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final boolean enabled;
    private final String metadataKey;
    private final StripeClient client;

    StripeBilling(BillingOutbox outbox, TransactionTemplate tx, Clock clock, MeterRegistry meters,
            @Value("${decisions.billing.stripe.enabled}") boolean enabled,
            @Value("${decisions.billing.stripe.api-key}") String apiKey,
            @Value("${decisions.billing.stripe.api-base}") String apiBase,
            @Value("${decisions.billing.stripe.customer-metadata-key}") String metadataKey,
            @Value("${decisions.billing.stripe.read-timeout-millis}") int readTimeoutMillis,
            @Value("${decisions.billing.stripe.max-network-retries}") int maxNetworkRetries) {
        this.outbox = outbox;
        this.tx = tx;
        this.clock = clock;
        this.enabled = enabled;
        this.metadataKey = metadataKey;
        if (enabled && (apiKey == null || apiKey.isBlank())) {
            throw new IllegalStateException("decisions.billing.stripe.enabled is true but no API key is set "
                    + "(STRIPE_API_KEY)");
        }
        this.client = enabled ? StripeClient.builder().setApiKey(apiKey).setApiBase(apiBase)
                .setReadTimeout(readTimeoutMillis).setConnectTimeout(Math.min(readTimeoutMillis, 10_000))
                .setMaxNetworkRetries(maxNetworkRetries).build() : null;
        Gauge.builder("decisions.billing.failed", outbox, BillingOutbox::failedCount)
                .description("billing calls that failed and wait for an admin's retry (billing_integration_failure)")
                .register(meters);
    }

    @Scheduled(fixedDelayString = "${decisions.billing.stripe.dispatch-millis}")
    void scheduled() {
        if (enabled) {
            dispatch(clock.instant(), 500);
        }
    }

    /** Sends every call due at {@code now}, at most {@code limit}; returns how many were sent or settled. */
    int dispatch(Instant now, int limit) {
        int handled = 0;
        while (handled < limit) {
            Boolean more = tx.execute(s -> {
                Optional<BillingOutbox.Call> due = outbox.claimDue(now);
                due.ifPresent(this::send);
                return due.isPresent();
            });
            if (!Boolean.TRUE.equals(more)) {
                break;
            }
            handled++;
        }
        return handled;
    }

    private void send(BillingOutbox.Call call) {
        RequestOptions options = RequestOptions.builder().setIdempotencyKey(call.idempotencyKey()).build();
        try {
            if ("CREATE_PRICE".equals(call.kind())) {
                JsonNode p = call.payload();
                PriceCreateParams params = PriceCreateParams.builder()
                        .setCurrency(p.path("currency").asText().toLowerCase(Locale.ROOT))
                        .setUnitAmount(p.path("unit_amount").asLong())
                        .setRecurring(PriceCreateParams.Recurring.builder().setInterval("YEAR".equals(p.path("interval")
                                .asText()) ? PriceCreateParams.Recurring.Interval.YEAR
                                : PriceCreateParams.Recurring.Interval.MONTH).build())
                        .setProductData(PriceCreateParams.ProductData.builder().setName(p.path("plan_id").asText()).build())
                        .setLookupKey(p.path("plan_id").asText() + "-" + p.path("segment").asText() + "-"
                                + p.path("unit_amount").asLong())
                        .setTransferLookupKey(true)
                        .putMetadata("plan_id", p.path("plan_id").asText())
                        .putMetadata("segment", p.path("segment").asText())
                        .build();
                Price price = client.prices().create(params, options);
                outbox.done(call, Map.of("price_id", price.getId()));
                return;
            }
            JsonNode m = call.payload();
            Optional<JsonNode> price = outbox.result(m.path("price_key").asText());
            if (price.isEmpty()) {
                outbox.postpone(call, "waiting for the new price to be created");
                return;
            }
            String customer = m.path("customer_id").asText();
            StripeSearchResult<Subscription> found = client.subscriptions().search(SubscriptionSearchParams.builder()
                    .setQuery("metadata['" + metadataKey + "']:'" + customer.replace("'", "\\'") + "' AND status:'active'")
                    .build());
            if (found.getData().isEmpty()) {
                outbox.fail(call, "no active Stripe subscription has metadata " + metadataKey + "=" + customer);
                return;
            }
            Subscription subscription = found.getData().get(0);
            String item = subscription.getItems().getData().get(0).getId();
            client.subscriptions().update(subscription.getId(), SubscriptionUpdateParams.builder()
                    .addItem(SubscriptionUpdateParams.Item.builder().setId(item)
                            .setPrice(price.get().path("price_id").asText()).build())
                    .setProrationBehavior(SubscriptionUpdateParams.ProrationBehavior.NONE)
                    .putMetadata("price_change", call.changeId().toString())
                    .build(), options);
            outbox.done(call, Map.of("subscription_id", subscription.getId(), "price_id",
                    price.get().path("price_id").asText()));
        } catch (ApiConnectionException | RateLimitException e) {
            LOG.warn("billing call {} will be retried: {}", call.idempotencyKey(), e.getMessage());
            outbox.retryLater(call, describe(e));
        } catch (ApiException e) {
            // 5xx and other API-side errors: transient as far as we can tell.
            LOG.warn("billing call {} will be retried: {}", call.idempotencyKey(), e.getMessage());
            outbox.retryLater(call, describe(e));
        } catch (CardException e) {
            LOG.warn("billing call {} failed: {}", call.idempotencyKey(), e.getMessage());
            outbox.fail(call, "card_error " + e.getCode() + ": " + e.getStripeError().getMessage());
        } catch (StripeException e) {
            Integer status = e.getStatusCode();
            if (status != null && (status == 409 || status >= 500)) {
                outbox.retryLater(call, describe(e));
            } else {
                LOG.warn("billing call {} failed: {}", call.idempotencyKey(), e.getMessage());
                outbox.fail(call, describe(e));
            }
        }
    }

    private static String describe(StripeException e) {
        String message = e.getStripeError() != null && e.getStripeError().getMessage() != null
                ? e.getStripeError().getMessage() : e.getMessage();
        return e.getClass().getSimpleName() + (e.getStatusCode() == null ? "" : " " + e.getStatusCode()) + ": "
                + message;
    }
}
