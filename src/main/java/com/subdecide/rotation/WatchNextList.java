package com.subdecide.rotation;

import com.subdecide.rotation.RotationPlan.WatchNext;
import com.subdecide.rotation.domain.Carriage;
import com.subdecide.rotation.domain.ChosenAccess;
import com.subdecide.rotation.domain.PlanAction;
import com.subdecide.rotation.domain.WatchTitle;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to watch next, ranked as the processing loop ranks: urgent must-watch titles first, then by value,
 * then by deadline. A cancelled platform's titles stay here until its paid period ends (ride it out).
 */
final class WatchNextList {

    private WatchNextList() {
    }

    static List<WatchNext> of(RotationRequest request, TitleValuation.Result valued, ActionPlanWriter.Result actions) {
        Map<String, LocalDate> accessUntil = new HashMap<>();
        for (ChosenAccess access : actions.kept()) {
            access.getPlatformIds().forEach(p -> accessUntil.put(p, LocalDate.MAX));
        }
        for (PlanAction action : actions.actions()) {
            if (action.getType() == PlanAction.Type.CANCEL) {
                accessUntil.putIfAbsent(action.getPlatformId(), action.getAccessUntil());
            }
        }
        record Candidate(WatchTitle title, String platformId, LocalDate deadline, String why) {
        }
        Map<String, Candidate> best = new LinkedHashMap<>();
        for (Carriage carriage : valued.watchable()) {
            WatchTitle title = valued.titles().get(carriage.getTitleId());
            LocalDate until = accessUntil.get(carriage.getPlatformId());
            if (title.getValue() <= 0 || until == null || until.isBefore(request.asOf())) {
                continue;
            }
            LocalDate deadline = until.equals(LocalDate.MAX) ? null : until;
            String why = deadline == null ? null : "access ends on " + deadline + " (cancelled)";
            LocalDate leaving = carriage.getLeavingDate();
            if (leaving != null && !leaving.isBefore(request.asOf()) && (deadline == null || leaving.isBefore(deadline))) {
                deadline = leaving;
                why = "leaves " + carriage.getPlatformId() + " on " + leaving;
            }
            Candidate candidate = new Candidate(title, carriage.getPlatformId(), deadline, why);
            // Prefer the platform where the title stays available longest.
            best.merge(title.getTitleId(), candidate, (a, b) -> later(b.deadline(), a.deadline()) ? b : a);
        }
        List<Candidate> ranked = new ArrayList<>(best.values());
        ranked.sort(Comparator.comparing((Candidate c) -> !c.title().isUrgentOverride())
                .thenComparing(c -> -c.title().getValue())
                .thenComparing(c -> c.deadline() == null ? LocalDate.MAX : c.deadline()));
        return ranked.stream().map(c -> new WatchNext(c.title().getTitleId(), c.platformId(), c.deadline(), c.why()))
                .toList();
    }

    private static boolean later(LocalDate a, LocalDate b) {
        if (a == null) {
            return b != null;
        }
        return b != null && a.isAfter(b);
    }
}
