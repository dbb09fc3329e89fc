/** An area that is not built yet says what will live there. */
export function Placeholder({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="screen">
      <h1>{title}</h1>
      <div className="placeholder">{children}</div>
    </section>
  );
}
