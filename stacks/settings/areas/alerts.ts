/**
 * Settings schema: Alarm notifications (`alerts`).
 */
import { EMAIL_PATTERN } from "../../../components/patterns";
import { list, object, text } from "../../schema";

export const alertsSchema = object(
    {
        emails: list(
            text({
                doc: "",
                pattern: EMAIL_PATTERN,
                allowed: "an e-mail address",
            }),
            {
                doc: "Alarm subscribers (each must confirm the SNS e-mail).",
                min: 0,
                max: 10,
                unique: true,
                default: [],
            },
        ),
    },
    { doc: "Alarm notifications." },
);
