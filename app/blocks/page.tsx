export default function BlocksPage() {
  return <main>Number blocks</main>;
}
