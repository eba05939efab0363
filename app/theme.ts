import { Switch, createTheme } from "@mantine/core";

/** One theme for the whole console. */
export const theme = createTheme({
  primaryColor: "indigo",
  defaultRadius: "sm",
  fontFamilyMonospace: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
  components: {
    // Mantine hides the switch's checkbox at 0×0; stretch it (transparent) over the switch
    // so the real control is what gets clicked, by people and by role-based test locators.
    Switch: Switch.extend({
      styles: {
        body: { position: "relative" },
        input: {
          position: "absolute",
          inset: 0,
          width: "100%",
          height: "100%",
          opacity: 0,
          margin: 0,
          zIndex: 1,
          cursor: "pointer",
        },
      },
    }),
  },
});
