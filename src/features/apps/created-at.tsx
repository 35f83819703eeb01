const day = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const full = new Intl.DateTimeFormat(undefined, { dateStyle: "full", timeStyle: "short" });

/** "created Mar 3, 2025", the full date and time on hover. */
export function CreatedAt({ date }: { date: Date }) {
  return (
    <>
      created{" "}
      <time dateTime={date.toISOString()} title={full.format(date)}>
        {day.format(date)}
      </time>
    </>
  );
}
