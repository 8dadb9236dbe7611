import { skeletonBlock } from "../Skeleton";
import { cardStyles } from "../styles";



/** The page's shape while the dock loads, so nothing jumps when it arrives. */
export function DockDetailSkeleton() {
  return (
    <div role="status" aria-label="Loading dock" className="space-y-6">
      <div className="space-y-3">
        <div className={`h-4 w-16 ${skeletonBlock}`} />
        <div className={`h-8 w-64 max-w-full ${skeletonBlock}`} />
        <div className={`h-5 w-40 ${skeletonBlock}`} />
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        {[0, 1].map((card) => (
          <div key={card} className={`space-y-3 p-4 ${cardStyles}`}>
            {[0, 1, 2, 3, 4].map((row) => (
              <div key={row} className={`h-5 ${skeletonBlock}`} />
            ))}
          </div>
        ))}
      </div>
      <div className={`h-40 ${skeletonBlock}`} />
    </div>
  );
}
