// The Devices view in VS Code: the TreeView over DevicesTree, its description ("3/10
// connected · not live"), the filter message, the context keys its menus and welcome read,
// and progress shown in the view itself while pages are read.

import * as vscode from 'vscode';
import { CONTEXT_KEYS, VIEWS } from '../commandIds';
import { DisposableStore, Emitter, type DisposableLike } from '../lifecycle';
import { toTreeItem } from '../tree/treeProviders';
import type { DevicesController } from './devicesController';
import type { DevicesElement, DevicesTree } from './devicesTree';

class DevicesTreeProvider implements vscode.TreeDataProvider<DevicesElement> {
  readonly changed = new Emitter<DevicesElement | DevicesElement[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly tree: DevicesTree) {}

  getTreeItem(el: DevicesElement): vscode.TreeItem {
    return toTreeItem(this.tree.item(el));
  }

  getChildren(el?: DevicesElement): DevicesElement[] | Promise<DevicesElement[]> {
    return el ? this.tree.children(el) : this.tree.roots();
  }
}

/** Runs `task` with the Devices view's progress bar. */
export const viewProgress = <T>(task: () => Promise<T>): Promise<T> =>
  Promise.resolve(vscode.window.withProgress({ location: { viewId: VIEWS.devices } }, task));

/** Creates the view and keeps its description, message and context keys in step with the controller. */
export function registerDevicesView(controller: DevicesController, tree: DevicesTree): DisposableLike {
  const disposables = new DisposableStore();
  const provider = new DevicesTreeProvider(tree);
  const view = disposables.add(vscode.window.createTreeView(VIEWS.devices, { treeDataProvider: provider, showCollapseAll: true }));
  disposables.add(provider.changed);
  const context = new Map<string, unknown>();
  const setContext = (key: string, value: unknown) => {
    if (context.get(key) === value) return;
    context.set(key, value);
    void vscode.commands.executeCommand('setContext', key, value);
  };
  const update = () => {
    view.description = tree.description();
    view.message = tree.message();
    setContext(CONTEXT_KEYS.devicesState, controller.state());
    setContext(CONTEXT_KEYS.devicesFiltered, controller.filter !== undefined);
    setContext(CONTEXT_KEYS.devicesNotLive, tree.anyNotLive());
  };
  disposables.add(
    controller.onDidChange((change) => {
      provider.changed.fire(change === undefined ? undefined : [...change]);
      update();
    }),
  );
  update();
  return disposables;
}
