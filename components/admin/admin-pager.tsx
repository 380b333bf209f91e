import Link from "next/link";
import { Button } from "@/components/ui/button";

/**
 * Keyset paging under a back-office list: back to the newest page once the
 * owner has paged on, and the next (older) page while there is one.
 */
export function AdminPager({ label, newest, older, olderTestId }: { label: string; newest: { href: string; text: string } | null; older: { href: string; text: string } | null; olderTestId?: string }) {
  return (
    <nav className="flex justify-between gap-2" aria-label={label}>
      {newest ? (
        <Button asChild variant="outline" size="sm" className="min-w-12">
          <Link href={newest.href}>{newest.text}</Link>
        </Button>
      ) : (
        <span />
      )}
      {older && (
        <Button asChild variant="outline" size="sm" className="min-w-12">
          <Link href={older.href} data-testid={olderTestId}>
            {older.text}
          </Link>
        </Button>
      )}
    </nav>
  );
}
