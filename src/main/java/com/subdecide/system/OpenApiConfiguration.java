package com.subdecide.system;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document: title, version and description from the build, HTTP Basic as its security scheme (so
 * Swagger UI has an Authorize button), and one tag per business area, taken from the controller's package.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    /** Area package → tag name and what it covers. */
    private static final Map<String, String[]> AREAS = Map.of(
            "rotation", new String[] {"Rotation", "Monthly streaming rotation: plans, stored users, catalog, savings, "
                    + "budget sweeps and year what-ifs"},
            "benefits", new String[] {"Benefits", "Benefit allocation in subscription tiers: events, members, "
                    + "propensity models, per-user and population allocations, dashboards and swaps"},
            "rules", new String[] {"Rule sets", "Analysts' rule sets: validation, drafts, versions, diffs, promotion, "
                    + "rollback, reload"},
            "simulation", new String[] {"Simulations", "What-if replays of logged or given decisions under a draft or "
                    + "version"},
            "customers", new String[] {"Customers", "Customer analytics: the price book, subscription histories and "
                    + "recurring revenue, churn risk, lifetime values, expansion, revenue forecasts and scenarios, model "
                    + "monitoring and alerts"},
            "experiments", new String[] {"Experiments", "A/B experiments: definitions, lifecycle and phases, "
                    + "assignment (identical to GrowthBook's SDKs), results with sequential intervals, CUPED and "
                    + "sample-ratio checks, stopping recommendations, the global holdout"},
            "pricing", new String[] {"Pricing", "Dynamic pricing: price exposures, competitor prices, price "
                    + "elasticity per plan and segment, portfolio recommendations, price changes and billing"},
            "campaigns", new String[] {"Campaigns", "Campaign automation: campaigns and their checks, recipients' "
                    + "contact details and consent, the decision log, delivery, in-app inbox, one-click opt-out and "
                    + "performance with lift against the holdout"});

    @Bean
    OpenAPI openApi(ObjectProvider<BuildProperties> build) {
        Optional<BuildProperties> info = Optional.ofNullable(build.getIfAvailable());
        String basic = "basic";
        return new OpenAPI()
                .info(new Info().title("Subscription decision service")
                        .version(info.map(BuildProperties::getVersion).orElse("development"))
                        .description(info.map(b -> b.get("description")).orElse("Rules-engine decision service")
                                + ". Every endpoint but /actuator/health needs HTTP Basic credentials of a user with "
                                + "the right role (DECIDER, ANALYST, ADMIN; each includes the ones before it). "
                                + "Errors are RFC 9457 problem documents with a stable code.")
                        .license(new License().name("Apache-2.0").url("https://www.apache.org/licenses/LICENSE-2.0")))
                .components(new Components().addSecuritySchemes(basic,
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")))
                .addSecurityItem(new SecurityRequirement().addList(basic))
                .tags(AREAS.values().stream().map(a -> new Tag().name(a[0]).description(a[1]))
                        .sorted(java.util.Comparator.comparing(Tag::getName)).toList());
    }

    @Bean
    OperationCustomizer areaTags() {
        return (operation, handler) -> {
            String pkg = handler.getBeanType().getPackageName();
            for (Map.Entry<String, String[]> area : AREAS.entrySet()) {
                if (pkg.startsWith("com.subdecide." + area.getKey())) {
                    operation.setTags(List.of(area.getValue()[0]));
                }
            }
            return operation;
        };
    }
}
