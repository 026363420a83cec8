// Entry point of the dashboard bundle.
import { render } from "preact";
import { App } from "./app.tsx";
import "./styles/base.css";
import "./styles/layout.css";
import "./styles/controls.css";
import "./styles/components.css";
import "./styles/editors.css";
import "./styles/panels.css";
import "./styles/pages.css";
import "./styles/grid.css";
import "./styles/members.css";

render(<App />, document.getElementById("app")!);
