"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/client/trpc";
import { ViewPage } from "../common/view-page";
import { useCurrentWorkspace } from "../common/workspace-context";

/** Seconds as a person reads a wait: "45 s", "12 min", "3.5 h". */
export function duration(seconds: number | null): string {
  if (seconds === null) return "–";
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

const rating = (value: number | null) => (value === null ? "–" : `${value.toFixed(1)} / 5`);

/** Support → reports (admins): volume per day, how fast the team answers and resolves, and how visitors rated it. */
export function SupportReports() {
  const trpc = useTRPC();
  const workspace = useCurrentWorkspace();
  const [days, setDays] = useState(30);
  const report = useQuery(trpc.support.report.queryOptions({ workspaceId: workspace.id, days }));
  const most = Math.max(1, ...(report.data?.perDay.map((day) => day.conversations) ?? []));
  return (
    <ViewPage
      title="Support reports"
      actions={
        <label className="ml-auto flex items-center gap-2 text-sm">
          Period
          <select value={days} onChange={(event) => setDays(Number(event.target.value))} className="h-8 rounded-md border border-border bg-bg px-2">
            <option value={7}>Last 7 days</option>
            <option value={30}>Last 30 days</option>
            <option value={90}>Last 90 days</option>
          </select>
        </label>
      }
    >
      {report.error && (
        <p role="alert" className="text-sm text-danger">
          {report.error.message}
        </p>
      )}
      {report.data && (
        <>
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            {(
              [
                ["Conversations", String(report.data.totals.conversations)],
                ["First response (median / p90)", `${duration(report.data.totals.firstResponseMedian)} / ${duration(report.data.totals.firstResponseP90)}`],
                ["Resolution (median / p90)", `${duration(report.data.totals.resolutionMedian)} / ${duration(report.data.totals.resolutionP90)}`],
                ["Rating", `${rating(report.data.totals.averageRating)} (${report.data.totals.rated} rated)`],
              ] as const
            ).map(([label, value]) => (
              <div key={label} className="rounded-md border border-border p-3">
                <dt className="text-xs text-muted">{label}</dt>
                <dd className="mt-1 text-lg font-semibold">{value}</dd>
              </div>
            ))}
          </dl>
          <section aria-labelledby="per-day">
            <h2 id="per-day" className="mb-2 font-semibold">
              Conversations per day
            </h2>
            {report.data.perDay.length === 0 ? (
              <p className="text-sm text-muted">No conversations in this period.</p>
            ) : (
              <table className="w-full text-sm">
                <tbody>
                  {report.data.perDay.map((day) => (
                    <tr key={day.day}>
                      <th scope="row" className="w-28 py-0.5 text-left font-normal text-muted">
                        {day.day}
                      </th>
                      <td>
                        <span className="inline-block h-3 rounded bg-accent align-middle" style={{ width: `${(day.conversations / most) * 80}%` }} aria-hidden="true" /> {day.conversations}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section aria-labelledby="per-agent">
            <h2 id="per-agent" className="mb-2 font-semibold">
              Per person
            </h2>
            <table className="w-full text-left text-sm">
              <thead className="text-xs text-muted">
                <tr>
                  <th className="py-1 font-medium">Person</th>
                  <th className="font-medium">Conversations</th>
                  <th className="font-medium">First response (median)</th>
                  <th className="font-medium">Resolution (median)</th>
                  <th className="font-medium">Rating</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-border">
                {report.data.perAgent.map((agent) => (
                  <tr key={agent.agentId}>
                    <td className="py-1">{agent.name}</td>
                    <td>{agent.conversations}</td>
                    <td>{duration(agent.firstResponseMedian)}</td>
                    <td>{duration(agent.resolutionMedian)}</td>
                    <td>{rating(agent.averageRating)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section aria-labelledby="ratings">
            <h2 id="ratings" className="mb-2 font-semibold">
              Ratings
            </h2>
            <p className="text-sm">{[5, 4, 3, 2, 1].map((stars) => `${stars}★ ${report.data.ratings.find((row) => row.rating === stars)?.count ?? 0}`).join(" · ")}</p>
          </section>
        </>
      )}
    </ViewPage>
  );
}
