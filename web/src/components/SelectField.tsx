import { useId } from "react";
import type { ComponentProps, ReactNode } from "react";
import { helpStyles, labelStyles, selectStyles } from "./styles";

interface SelectFieldProps extends Omit<ComponentProps<"select">, "id" | "className"> {
  label: string;
  /** Shown under the select and announced with it. */
  help?: ReactNode;
  children: ReactNode;
}

export function SelectField({ label, help, children, ...selectProps }: SelectFieldProps) {
  const id = useId();
  const helpId = `${id}-help`;
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className={labelStyles}>
        {label}
      </label>
      <select id={id} aria-describedby={help ? helpId : undefined} className={selectStyles} {...selectProps}>
        {children}
      </select>
      {help ? (
        <p id={helpId} className={helpStyles}>
          {help}
        </p>
      ) : null}
    </div>
  );
}
