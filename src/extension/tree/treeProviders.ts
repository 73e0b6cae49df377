// The two TreeDataProviders: thin adapters from the pure TreeNode model to TreeItems.

import * as vscode from 'vscode';
import type { TreeController } from './treeController';
import type { ItemFields, TreeNode } from './treeModel';

const COLLAPSE: Record<TreeNode['collapsible'], vscode.TreeItemCollapsibleState> = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};

/** A row of any of the views (a TreeNode, a Devices view row) as a TreeItem. */
export function toTreeItem(node: ItemFields): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label, COLLAPSE[node.collapsible]);
  item.id = node.id;
  item.description = node.description;
  item.contextValue = node.contextValue;
  if (node.tooltip) {
    // Tooltips carry server fields (escaped in treeModel.ts); no theme icons, HTML or command links.
    const md = new vscode.MarkdownString(node.tooltip, false);
    md.isTrusted = false;
    md.supportHtml = false;
    item.tooltip = md;
  }
  if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon.id, node.icon.color ? new vscode.ThemeColor(node.icon.color) : undefined);
  if (node.command) item.command = { command: node.command.command, title: node.command.title, arguments: node.command.arguments };
  item.accessibilityInformation = { label: [node.label, node.description].filter(Boolean).join(', ') };
  return item;
}

export class MonitorsTreeProvider implements vscode.TreeDataProvider<TreeNode> {
  readonly onDidChangeTreeData;
  constructor(private readonly controller: TreeController) {
    this.onDidChangeTreeData = controller.onMonitorsChanged;
  }
  getTreeItem(node: TreeNode): vscode.TreeItem {
    return toTreeItem(node);
  }
  getChildren(node?: TreeNode): TreeNode[] {
    return node ? node.children : this.controller.monitorRoots();
  }
  getParent(node: TreeNode): TreeNode | undefined {
    return this.controller.parentOf(node);
  }
}

export class SessionsTreeProvider implements vscode.TreeDataProvider<TreeNode> {
  readonly onDidChangeTreeData;
  constructor(private readonly controller: TreeController) {
    this.onDidChangeTreeData = controller.onSessionsChanged;
  }
  getTreeItem(node: TreeNode): vscode.TreeItem {
    return toTreeItem(node);
  }
  getChildren(node?: TreeNode): TreeNode[] {
    return node ? node.children : this.controller.current().sessions;
  }
  getParent(node: TreeNode): TreeNode | undefined {
    return this.controller.parentOf(node);
  }
}
