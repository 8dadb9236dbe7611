import { useId } from "react";
import type { ComponentProps, ReactNode } from "react";
import { helpStyles, inputStyles, labelStyles } from "./styles";

interface TextFieldProps extends Omit<ComponentProps<"input">, "id" | "className"> {
  label: string;
  /** Shown under the input and announced with it. */
  help?: ReactNode;
}

export function TextField({ label, help, ...inputProps }: TextFieldProps) {
  const id = useId();
  const helpId = `${id}-help`;
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className={labelStyles}>
        {label}
      </label>
      <input id={id} aria-describedby={help ? helpId : undefined} className={inputStyles} {...inputProps} />
      {help ? (
        <p id={helpId} className={helpStyles}>
          {help}
        </p>
      ) : null}
    </div>
  );
}
